package render

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"opendev.org/openstack/pypiguard/internal/report"
)

// chromium is Debian's Chromium, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// TestHTMLInChromium opens report.html in real headless Chromium and checks
// what a person sees: the counts, a dirty package, the status filter at
// work, the page without JavaScript, a hostile report, a 600-row table, text
// contrast, and a phone's screen. Screenshots go to the test's temp dir, or
// to $PYPIGUARD_SCREENSHOTS when set (to look at them).
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("skipping the browser test: %s is absent (apt-get install chromium; .ci/run does)", chromium)
	}
	out := os.Getenv("PYPIGUARD_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	browser := startChromium(t)
	t.Run("desktop", func(t *testing.T) { desktop(t, browser, out) })
	t.Run("without JavaScript", func(t *testing.T) { withoutScript(t, browser, out) })
	t.Run("phone", func(t *testing.T) { phone(t, browser, out) })
	t.Run("hostile report", func(t *testing.T) { hostilePage(t, browser, out) })
	t.Run("600 rows", func(t *testing.T) { manyRows(t, browser, out) })
}

// startChromium starts the browser headless, without the sandbox (CI runs
// as root), without its own background connections (CI has no network, and
// they would fail noisily), with a new empty profile. The browser closes
// when the test ends; a minute bounds the whole test.
func startChromium(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")), chromedp.WindowSize(1280, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	start := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	t.Logf("chromium started in %v", time.Since(start).Round(time.Millisecond))
	return bctx
}

// tab is one page of the browser, with what it said on its console.
type tab struct {
	ctx context.Context
	url string
	mu  sync.Mutex
	// requests counts what the page loaded: itself, and nothing else.
	requests int
	problems []string
}

// openReport renders r into dir/name.html and opens it in a new tab, after
// the setup actions (a viewport, no script). It listens to the console, to
// uncaught exceptions, to the browser's log (where CSP violations go) and
// to dialogs and to requests, and fails the test at its end if any was an
// error, or if the page fetched anything but itself.
func openReport(t *testing.T, browser context.Context, dir, name string, r *report.Report, setup ...chromedp.Action[chromedp.Void]) *tab {
	t.Helper()
	path := filepath.Join(dir, name+".html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := HTML(f, r); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(browser)
	tb := &tab{ctx: ctx, url: "file://" + path}
	if err := chromedp.Listen(ctx, tb.listen); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, p := range tb.problems {
			t.Errorf("%s: %s", name, p)
		}
		if tb.requests == 0 {
			t.Errorf("%s: no request seen, not even the page's: is the listener deaf?", name)
		}
	})
	if err := chromedp.Do(ctx, append(setup, chromedp.Navigate(tb.url))...); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	return tb
}

// listen runs in the tab's read loop: it only records.
func (tb *tab) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p = fmt.Sprintf("console.%s: %s", ev.Type, consoleArgs(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		p = fmt.Sprintf("uncaught exception: %s %s", ev.ExceptionDetails.Text, consoleArgs([]*runtime.RemoteObject{ev.ExceptionDetails.Exception}))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = fmt.Sprintf("browser log (%s): %s", ev.Entry.Source, ev.Entry.Text)
		}
	case *page.EventJavascriptDialogOpening:
		p = fmt.Sprintf("a %s dialog opened: %q", ev.Type, ev.Message)
	case *network.EventRequestWillBeSent:
		if ev.Request.URL != tb.url {
			p = "the page fetched " + ev.Request.URL
		}
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if _, ok := ev.(*network.EventRequestWillBeSent); ok {
		tb.requests++
	}
	if p != "" {
		tb.problems = append(tb.problems, p)
	}
}

func consoleArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		if a == nil {
			continue
		}
		if a.Description != "" {
			parts = append(parts, a.Description)
		} else {
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

// actionTimeout bounds one action, so that a click on a missing control
// fails the test at once rather than at the minute's end.
const actionTimeout = 10 * time.Second

func (tb *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// box is an element as laid out.
type box struct {
	Text string  `json:"text"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
	// Shown is checkVisibility(): rendered, not display:none, visible.
	Shown bool `json:"shown"`
}

func (b box) visible() bool { return b.Shown && b.W > 0 && b.H > 0 }

// boxes lays out the elements that sel selects.
func boxes(t *testing.T, tb *tab, sel string) []box {
	t.Helper()
	return eval[[]box](t, tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => {
		const r = e.getBoundingClientRect();
		return {text: e.innerText, w: r.width, h: r.height, shown: e.checkVisibility({opacityProperty: true, visibilityProperty: true})};
	})`, sel))
}

// shownTexts is the text of the visible elements that sel selects.
func shownTexts(t *testing.T, tb *tab, sel string) []string {
	t.Helper()
	var out []string
	for _, b := range boxes(t, tb, sel) {
		if b.visible() {
			out = append(out, strings.Join(strings.Fields(b.Text), " "))
		}
	}
	return out
}

func screenshot(t *testing.T, tb *tab, file string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", file, len(png))
}

func desktop(t *testing.T, browser context.Context, dir string) {
	start := time.Now()
	tb := openReport(t, browser, dir, "report", htmlWorld())
	// The page opens on the violations (issue 17), and its counts and team
	// index say so.
	checkShown(t, tb, "Showing 4 of 10 findings.")
	checkRows(t, tb, report.NotOwner, report.OrganizationOwned, report.ExtraMaintainers)
	if counts, want := shownTexts(t, tb, "#summary li"), []string{"1 openstackci-not-owner", "1 organization-owned", "2 extra-maintainers", "2 critical", "2 high"}; !slices.Equal(counts, want) {
		t.Errorf("at first, visible summary counts %q, want %q", counts, want)
	}
	if got, want := eval[[]string](t, tb, `[...document.querySelectorAll("#team-index .n-shown")].map(e => e.parentNode.parentNode.textContent.replace(/\s+/g, " ").trim())`),
		[]string{"barbican (1 shown: 1 in violation, 0 clean)", "Packaging SIG (1 shown: 1 in violation, 0 clean)", "ironic (1 shown: 1 in violation, 1 clean)",
			"nova (1 shown: 1 in violation, 1 clean; 1 not publishing)", "oslo (0 shown: 0 in violation, 1 clean)"}; !slices.Equal(got, want) {
		t.Errorf("team index %q, want %q", got, want)
	}
	checkNotClipped(t, tb)
	tb.do(t, chromedp.Click(chromedp.CSS(`#filter button[data-preset="all"]`)))
	counts := shownTexts(t, tb, "#summary li")
	want := []string{"1 openstackci-not-owner", "1 organization-owned", "2 extra-maintainers", "1 unverified", "1 pending", "1 exempt",
		"3 clean", "2 not-applicable", "2 critical", "2 high", "8 info"}
	if !slices.Equal(counts, want) {
		t.Errorf("visible summary counts %q, want %q", counts, want)
	}
	if got := shownTexts(t, tb, "#summary .banner"); len(got) != 1 || !strings.HasPrefix(got[0], "FAIL") {
		t.Errorf("visible verdict %q", got)
	}
	dirty := `#teams tr[data-status="extra-maintainers"] th`
	if got := shownTexts(t, tb, dirty); !slices.Equal(got, []string{"ironic-python-agent", "python-novaclient"}) {
		t.Errorf("visible dirty packages %q", got)
	}
	if len(shownTexts(t, tb, "#filter fieldset")) != 1 {
		t.Fatal("the status filter is not visible: did the script run?")
	}
	checkShown(t, tb, "Showing 10 of 10 findings.")
	checkNotClipped(t, tb)
	checkContrast(t, tb)
	screenshot(t, tb, filepath.Join(dir, "report-desktop.png"))

	// Real clicks: untick every status but extra-maintainers.
	for _, s := range []report.Status{report.NotOwner, report.OrganizationOwned, report.StatusUnverified, report.Pending, report.Exempt, report.Clean} {
		tb.do(t, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#filter input[value="%s"]`, s))))
	}
	checkRows(t, tb, report.ExtraMaintainers)
	checkShown(t, tb, "Showing 2 of 10 findings.")
	if got := shownTexts(t, tb, "#teams section.team h3"); !slices.Equal(got, []string{"ironic", "nova"}) {
		t.Errorf("teams shown with only extra-maintainers: %q", got)
	}
	screenshot(t, tb, filepath.Join(dir, "report-filtered.png"))
	tb.do(t, chromedp.Click(chromedp.CSS(`#filter button[data-preset="attention"]`)))
	checkRows(t, tb, report.NotOwner, report.OrganizationOwned, report.ExtraMaintainers, report.StatusUnverified)
	tb.do(t, chromedp.Click(chromedp.CSS(`#filter button[data-preset="all"]`)))
	checkShown(t, tb, "Showing 10 of 10 findings.")
	t.Logf("desktop checks took %v", time.Since(start).Round(time.Millisecond))
}

// checkNotClipped wants nothing cut off at 1280 px: no scrolling region
// wider inside than out, no element past the window's right edge.
func checkNotClipped(t *testing.T, tb *tab) {
	t.Helper()
	clipped := eval[[]string](t, tb, `[...document.querySelectorAll(".scroll")].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute("aria-labelledby"))
		.concat([...document.body.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName + "." + e.className))`)
	if w := eval[float64](t, tb, "window.innerWidth"); w != 1280 || len(clipped) > 0 {
		t.Errorf("at %vpx, clipped or sticking out: %q", w, clipped)
	}
}

// checkRows wants the rows of the given statuses visible and no other.
func checkRows(t *testing.T, tb *tab, want ...report.Status) {
	t.Helper()
	for _, s := range report.Statuses {
		for _, b := range boxes(t, tb, fmt.Sprintf(`#teams tr[data-status="%s"]`, s)) {
			if b.visible() != slices.Contains(want, s) {
				t.Errorf("filter %v: a %s row is visible=%v (%q)", want, s, b.visible(), b.Text)
			}
		}
	}
}

func checkShown(t *testing.T, tb *tab, want string) {
	t.Helper()
	if got := shownTexts(t, tb, "#shown"); !slices.Equal(got, []string{want}) {
		t.Errorf("the filter says %q, want %q", got, want)
	}
}

// checkContrast computes WCAG contrast for every visible run of text, from
// the computed colour and the first opaque background behind it.
func checkContrast(t *testing.T, tb *tab) {
	t.Helper()
	type rgb struct{ R, G, B, A float64 }
	type sample struct {
		FG     rgb     `json:"fg"`
		BG     rgb     `json:"bg"`
		Size   float64 `json:"size"`
		Weight float64 `json:"weight"`
		Text   string  `json:"text"`
	}
	samples := eval[[]sample](t, tb, `(() => {
		const parse = c => { const p = c.match(/[\d.]+/g).map(Number); return {R: p[0], G: p[1], B: p[2], A: p.length > 3 ? p[3] : 1}; };
		const bg = e => { for (; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c.A > 0) return c; } return {R: 255, G: 255, B: 255, A: 1}; };
		const out = [], seen = new Set(), w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n; (n = w.nextNode());) {
			const e = n.parentElement;
			if (!n.data.trim() || !e.checkVisibility()) continue;
			const s = getComputedStyle(e), b = bg(e);
			const key = [s.color, JSON.stringify(b), s.fontSize, s.fontWeight].join("|");
			if (seen.has(key)) continue;
			seen.add(key);
			out.push({fg: parse(s.color), bg: b, size: parseFloat(s.fontSize), weight: Number(s.fontWeight), text: n.data.trim().slice(0, 40)});
		}
		return out;
	})()`)
	lum := func(c rgb) float64 {
		ch := func(v float64) float64 {
			if v /= 255; v <= 0.04045 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	for _, s := range samples {
		if s.FG.A != 1 || s.BG.A != 1 {
			t.Errorf("%q: translucent colours %v on %v; contrast cannot be checked", s.Text, s.FG, s.BG)
			continue
		}
		l1, l2 := lum(s.FG), lum(s.BG)
		ratio := (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
		need := 4.5
		if s.Size >= 24 || (s.Size >= 18.66 && s.Weight >= 700) {
			need = 3
		}
		if ratio < need {
			t.Errorf("%q: contrast %.2f:1 (%v on %v), WCAG AA needs %.1f:1", s.Text, ratio, s.FG, s.BG, need)
		}
	}
	t.Logf("contrast checked on %d distinct text styles", len(samples))
}

func withoutScript(t *testing.T, browser context.Context, dir string) {
	noScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	tb := openReport(t, browser, dir, "report-noscript", htmlWorld(), noScript)
	if n := len(shownTexts(t, tb, "#teams tbody tr")); n != 10 {
		t.Errorf("without JavaScript %d rows are visible, want all 10", n)
	}
	if got := shownTexts(t, tb, "#filter"); len(got) != 0 {
		t.Errorf("without JavaScript the filter shows, and does nothing: %q", got)
	}
}

func phone(t *testing.T, browser context.Context, dir string) {
	tb := openReport(t, browser, dir, "report-phone", htmlWorld(), chromedp.EmulateViewport(400, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	type widths struct {
		Inner  float64  `json:"inner"`
		Scroll float64  `json:"scroll"`
		Wide   []string `json:"wide"`
	}
	w := eval[widths](t, tb, `({inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
		wide: [...document.body.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 || e.getBoundingClientRect().width > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX != "visible").map(e => e.tagName + "." + e.className)})`)
	if w.Inner != 400 || w.Scroll > w.Inner || len(w.Wide) > 0 {
		t.Errorf("on a 400px phone the page is %vpx wide in a %vpx window; sticking out or scrolling sideways: %q", w.Scroll, w.Inner, w.Wide)
	}
	// (A 1px element is the visually hidden header row, read by screen
	// readers.) Each finding is a card: its package on top, then its why and fix,
	// labelled, as wide as the screen allows. The violations show first.
	checkShown(t, tb, "Showing 4 of 10 findings.")
	type card struct {
		W     float64 `json:"w"`
		Cells int     `json:"cells"`
		Why   string  `json:"why"`
		Label string  `json:"label"`
	}
	cards := eval[[]card](t, tb, `[...document.querySelectorAll("#teams tbody tr:not([hidden])")].map(r => ({w: r.getBoundingClientRect().width,
		cells: new Set([...r.children].map(c => Math.round(c.getBoundingClientRect().left))).size,
		why: r.querySelector("td.prose").innerText, label: getComputedStyle(r.querySelector("td.prose"), "::before").content}))`)
	for _, c := range cards {
		if c.W > 400 || c.W < 300 || c.Cells != 1 || c.Why == "" || c.Label != `"Why and fix: "` {
			t.Errorf("a finding is not a card on a phone: %+v", c)
		}
	}
	if len(cards) != 4 || !strings.Contains(cards[0].Why, "Fix:") {
		t.Errorf("%d cards, want the 4 violations, with their fix: %+v", len(cards), cards)
	}
	if got := shownTexts(t, tb, `#summary li[data-status="extra-maintainers"]`); !slices.Equal(got, []string{"2 extra-maintainers"}) {
		t.Errorf("on a phone the summary shows %q", got)
	}
	if got := shownTexts(t, tb, "#filter fieldset"); len(got) != 1 {
		t.Error("on a phone the filter is not visible")
	}
	screenshot(t, tb, filepath.Join(dir, "report-phone.png"))
}

func hostilePage(t *testing.T, browser context.Context, dir string) {
	tb := openReport(t, browser, dir, "report-hostile", hostileWorld())
	got := shownTexts(t, tb, "#teams tbody th")
	for _, h := range hostileStrings[:3] {
		if !slices.Contains(got, h) {
			t.Errorf("%q is not visible as text among %q", h, got)
		}
	}
	if n := eval[int](t, tb, `document.querySelectorAll("script, img, iframe, style").length`); n != 2 {
		t.Errorf("%d script, img, iframe and style elements, want our 2", n)
	}
}

func manyRows(t *testing.T, browser context.Context, dir string) {
	r := htmlWorld()
	statuses := []report.Status{report.Clean, report.Clean, report.Clean, report.ExtraMaintainers, report.Pending, report.StatusUnverified}
	r.Findings = nil
	for i := range 600 {
		s := statuses[i%len(statuses)]
		r.Findings = append(r.Findings, report.Finding{Repo: fmt.Sprintf("openstack/repo-%03d", i), Team: "big", Package: fmt.Sprintf("repo-%03d", i),
			Status: s, Severity: report.Info,
			Roles: []report.Role{{Role: "Owner", User: "openstackci"}}, Message: "a long enough message to wrap on a phone, as real ones do."})
		if s.Fails() {
			r.Findings[i].Severity = report.High
		}
	}
	r.Summarize()
	start := time.Now()
	tb := openReport(t, browser, dir, "report-600", r)
	loaded := time.Since(start)
	ms := eval[float64](t, tb, `(() => {
		const t0 = performance.now();
		document.querySelector('#filter button[data-preset="attention"]').click();
		return performance.now() - t0;
	})()`)
	checkShown(t, tb, "Showing 200 of 600 findings.")
	if ms > 250 {
		t.Errorf("filtering 600 rows took %.0f ms", ms)
	}
	// Scrolled far down its region, the table still shows its headers.
	top := eval[[]float64](t, tb, `(() => {
		const region = document.querySelector("#teams .scroll.tall");
		region.scrollTop = 3000;
		return [region.getBoundingClientRect().top, region.querySelector("thead th").getBoundingClientRect().top, region.scrollTop];
	})()`)
	if top[2] == 0 || math.Abs(top[0]-top[1]) > 2 {
		t.Errorf("scrolled by %v, the header is at %v, its region at %v: it did not stay in view", top[2], top[1], top[0])
	}
	screenshot(t, tb, filepath.Join(dir, "report-600.png"))
	t.Logf("600 rows: opened in %v, filtered in %.1f ms", loaded.Round(time.Millisecond), ms)
}
