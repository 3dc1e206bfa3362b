package pypi

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// userPath and orgPath are PyPI's profile links (routes accounts.profile
// and organizations.profile).
var (
	userPath = regexp.MustCompile(`^/user/([A-Za-z0-9._-]+)/$`)
	orgPath  = regexp.MustCompile(`^/org/([A-Za-z0-9._-]+)/$`)
)

// page is what the project page says about who can upload. The rules are
// those of warehouse's templates/packaging/detail.html, for the markup of warehouse
// since August 2026 and the one before it.
type page struct {
	users   []string // direct collaborators, in page order, each once
	org     string   // the organization's slug, "" when none
	sidebar bool     // the page has PyPI's sidebar: it is a project page
	hosts   []string // hosts whose absolute profile links count
	seen    map[string]bool
}

// parsePage reads a project page. hosts are the hosts whose absolute
// /user/ and /org/ links are PyPI's own.
func parsePage(body []byte, hosts ...string) (*page, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: HTML: %v", ErrMalformed, err)
	}
	p := &page{hosts: hosts, seen: map[string]bool{}}
	p.visit(doc, false)
	if !p.sidebar {
		return nil, fmt.Errorf("%w: the project page has no sidebar", ErrMalformed)
	}
	return p, nil
}

// visit walks the tree. inSpan is set under the old markup's
// <span class="sidebar-section__maintainer">.
func (p *page) visit(n *html.Node, inSpan bool) {
	if n.Type == html.ElementNode {
		if hasClass(n, "sidebar-section") {
			p.sidebar = true
		}
		if n.DataAtom == atom.Span && hasClass(n, "sidebar-section__maintainer") {
			inSpan = true
		}
		if n.DataAtom == atom.A {
			p.link(n, inSpan)
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		p.visit(ch, inSpan)
	}
}

// link reads one <a>. Only the maintainer markup makes a /user/ link a
// collaborator: the rendered README may link to anyone's profile.
func (p *page) link(a *html.Node, inSpan bool) {
	href := attr(a, "href")
	if inSpan || hasClass(a, "sidebar-section__maintainer") {
		if m := userPath.FindStringSubmatch(p.localPath(href)); m != nil {
			p.addUser(m[1])
		}
		return
	}
	m := orgPath.FindStringSubmatch(p.localPath(href))
	if m != nil && p.org == "" && (hasIcon(a, "fa-sitemap") || underOwnerHeading(a)) {
		p.org = m[1]
	}
}

// addUser keeps each user once: usernames are case-insensitive, and the old
// markup lists every maintainer twice (mobile and desktop sidebars).
func (p *page) addUser(u string) {
	key := strings.ToLower(u)
	if !p.seen[key] {
		p.seen[key] = true
		p.users = append(p.users, u)
	}
}

// localPath returns href's path when it is PyPI's own link, relative or
// absolute; "" otherwise.
func (p *page) localPath(href string) string {
	u, err := url.Parse(href)
	if err != nil || u.RawQuery != "" || u.Fragment != "" {
		return ""
	}
	if u.Scheme == "" && u.Host == "" {
		return u.Path
	}
	if (u.Scheme == "https" || u.Scheme == "http") && slices.Contains(p.hosts, u.Host) {
		return u.Path
	}
	return ""
}

// underOwnerHeading reports whether the nearest heading before n, at n's
// level or an ancestor's, is the sidebar's "Owner" title (h2 with class
// sidebar-section__title now, h6 in the old markup). A README heading stops
// the search, so that a README cannot pose as the box.
func underOwnerHeading(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			if isHeading(s) {
				return (s.DataAtom == atom.H6 || hasClass(s, "sidebar-section__title")) && strings.TrimSpace(text(s)) == "Owner"
			}
		}
	}
	return false
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return n.Type == html.ElementNode
	}
	return false
}

// hasIcon reports whether n holds an <i> with class icon.
func hasIcon(n *html.Node, icon string) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && (ch.DataAtom == atom.I && hasClass(ch, icon) || hasIcon(ch, icon)) {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

// htmlRoles turns the page's collaborators into roles. The page does not
// tell Owner from Maintainer, but PyPI keeps at least one direct Owner on a
// project outside an organization, so there a sole collaborator is the
// Owner. Several, or any in an organization (moving a project into one
// removes the mover's Owner role), are each "Unknown".
func htmlRoles(users []string, org string) []Role {
	role := RoleUnknown
	if len(users) == 1 && org == "" {
		role = "Owner"
	}
	roles := make([]Role, 0, len(users))
	for _, u := range users {
		roles = append(roles, Role{Role: role, User: u})
	}
	return roles
}

// userPage is what a PyPI user page (/user/<name>/) says about its user.
type userPage struct {
	username string // as the page shows it, "" when the page does not show it
	name     string // the display name, "" when the user set none
	profile  bool   // the page has warehouse's author-profile box
}

// parseUserPage reads a user page as warehouse renders it
// (warehouse/templates/accounts/profile.html): inside
// <div class="author-profile">, the display name is
// <h1 class="author-profile__name">, present only when the user set one, and
// the username is the <p> of <div class="author-profile__meta"> that holds
// the fa-user-circle icon. Only that box counts: nothing else on the page
// (project summaries, written by anyone) can pose as a name.
func parseUserPage(body []byte) (*userPage, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: HTML: %v", ErrMalformed, err)
	}
	u := &userPage{}
	box := findClass(doc, "author-profile")
	if box == nil {
		return nil, fmt.Errorf("%w: the user page has no author-profile box", ErrMalformed)
	}
	u.profile = true
	if h := findClass(box, "author-profile__name"); h != nil && h.DataAtom == atom.H1 {
		u.name = squeeze(text(h))
	}
	if meta := findClass(box, "author-profile__meta"); meta != nil {
		for p := meta.FirstChild; p != nil; p = p.NextSibling {
			if p.Type == html.ElementNode && p.DataAtom == atom.P && hasIcon(p, "fa-user-circle") {
				u.username = squeeze(text(p))
				break
			}
		}
	}
	return u, nil
}

// findClass returns the first element under n (n included) with class.
func findClass(n *html.Node, class string) *html.Node {
	if n.Type == html.ElementNode && hasClass(n, class) {
		return n
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if f := findClass(ch, class); f != nil {
			return f
		}
	}
	return nil
}

// squeeze trims a text and turns its runs of blanks (no-break spaces
// included: the template puts two before the username) into one space.
func squeeze(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}
