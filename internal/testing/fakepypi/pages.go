package fakepypi

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// serveSimple is GET /simple/<name>/: it lists projects without releases
// too, which is why a client asks it after a JSON 404.
func (s *Server) serveSimple(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if norm := normalize(name); name != norm {
		http.Redirect(w, r, "/simple/"+norm+"/", http.StatusMovedPermanently)
		return
	}
	p, ok := s.project(name)
	if !ok {
		notFoundPage(w, r)
		return
	}
	render(w, simpleTemplate, newPageData(p))
}

// serveProject is GET /project/<name>/: a 301 to the display name, and a 404
// for an unknown project or one without releases.
func (s *Server) serveProject(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p, ok := s.project(name)
	if !ok || p.NoReleases {
		notFoundPage(w, r)
		return
	}
	if name != p.Name {
		http.Redirect(w, r, "/project/"+p.Name+"/", http.StatusMovedPermanently)
		return
	}
	t := newPageTemplate
	if s.opts.Markup == MarkupOld {
		t = oldPageTemplate
	}
	render(w, t, newPageData(p))
}

// pageData feeds the project page templates.
type pageData struct {
	Project
	Release  string   // the latest version
	Users    []string // distinct, by username without regard to case, as PyPI lists them
	Shown    []string // the first three, shown directly in the new markup
	Overflow []string // the rest, inside <details>
}

func newPageData(p Project) pageData {
	seen := map[string]bool{}
	var users []string
	for _, r := range p.Roles {
		if !seen[strings.ToLower(r[1])] {
			seen[strings.ToLower(r[1])] = true
			users = append(users, r[1])
		}
	}
	sort.Slice(users, func(i, j int) bool { return strings.ToLower(users[i]) < strings.ToLower(users[j]) })
	d := pageData{Project: p, Release: p.version(), Users: users, Shown: users}
	if len(users) > 3 {
		d.Shown, d.Overflow = users[:3], users[3:]
	}
	return d
}

func notFoundPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(notFoundHTML))
}

func render(w http.ResponseWriter, t *template.Template, data any) {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(b.String()))
}

const notFoundHTML = `<!DOCTYPE html>
<html lang="en"><head><title>Page Not Found (404) · PyPI</title></head>
<body><main><h1 class="page-title">We looked everywhere but couldn't find this page</h1></main></body></html>
`

var simpleTemplate = template.Must(template.New("simple").Parse(`<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.1">
    <title>Links for {{.Name}}</title>
  </head>
  <body>
    <h1>Links for {{.Name}}</h1>
{{- if not .NoReleases}}
    <a href="https://files.pythonhosted.org/packages/{{.Name}}-{{.Release}}.tar.gz">{{.Name}}-{{.Release}}.tar.gz</a><br />
{{- end}}
  </body>
</html>
`))

// readme is the project description. Its /user/ and /org/ links, and its
// heading called "Owner", are there to prove that a parser reads only the
// sidebar: PyPI renders any README.
const readme = `<div class="project-description">
  <h2>Owner</h2>
  <p>This project was started by <a href="/user/readme-author/">readme-author</a>
  with help from <a href="https://pypi.org/user/readme-helper/">readme-helper</a>
  and the <a href="/org/readme-org/">readme-org</a> organization.</p>
</div>`

var newPageTemplate = template.Must(template.New("new").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Name}} · PyPI</title></head>
<body>
<header class="site-header"><a href="/account/login/">Log in</a> <a href="/account/register/">Register</a></header>
<main id="content">
<div class="banner"><div class="package-header"><h1 class="package-header__name">{{.Name}} {{.Release}}</h1></div></div>
<div class="vertical-tabs">
  <div class="vertical-tabs__tabs">
    <div class="sidebar-section">
      <h2 class="sidebar-section__title">Navigation</h2>
      <nav aria-label="Navigation for {{.Name}}"><ul class="vertical-tabs__list"><li><a href="#description" class="vertical-tabs__tab">Project description</a></li></ul></nav>
    </div>
{{- if .Organization}}
    <div class="sidebar-section">
      <h2 class="sidebar-section__title">Owner</h2>
      <div class="sidebar-section__content">
        <details class="sidebar-section__data-source"><summary>PyPI data</summary><p>Verified by PyPI</p></details>
        <ul class="sidebar-links"><li>
          <a class="sidebar-links__link" href="/org/{{.Organization}}/" aria-label="{{.Organization}}">
            <i class="fa fa-sitemap" aria-hidden="true"></i>
            {{.Organization}} organization
          </a>
        </li></ul>
      </div>
    </div>
{{- end}}
{{- if .Users}}
    <div class="sidebar-section">
      <h2 class="sidebar-section__title">{{len .Users}} maintainer{{if gt (len .Users) 1}}s{{end}}</h2>
      <div class="sidebar-section__content sidebar-section__content--pypi">
        <details class="sidebar-section__data-source"><summary>PyPI data</summary><p>Verified by PyPI</p></details>
        <div class="sidebar-section__data-block">
{{- range .Shown}}
          {{template "maintainer" .}}
{{- end}}
{{- if .Overflow}}
          <details class="sidebar-section__maintainers-overflow"><summary>+{{len .Overflow}} more</summary>
{{- range .Overflow}}
            {{template "maintainer" .}}
{{- end}}
          </details>
{{- end}}
        </div>
      </div>
    </div>
{{- end}}
    <div class="sidebar-section">
      <h2 class="sidebar-section__title">Meta</h2>
      <p><strong>Author:</strong> <a href="mailto:someone@example.org">Someone Uploaders Chose</a></p>
    </div>
  </div>
  <div class="vertical-tabs__panel">
    <div id="description" class="vertical-tabs__content">
      ` + readme + `
    </div>
  </div>
</div>
</main>
</body>
</html>
{{define "maintainer"}}<a class="sidebar-section__maintainer" href="/user/{{.}}/" aria-label="{{.}}">
            <img src="https://pypi-camo.example/avatar" height="35" width="35" alt="Avatar for {{.}} from gravatar.com" title="Avatar for {{.}} from gravatar.com">
            <span>{{.}}</span>
          </a>{{end}}
`))

// The old markup included project-data.html twice (mobile and desktop
// sidebars), so each maintainer appears twice, with an empty aria-label.
var oldPageTemplate = template.Must(template.New("old").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Name}} · PyPI</title></head>
<body>
<header class="site-header"><a href="/account/login/">Log in</a></header>
<main id="content">
<div class="banner"><div class="package-header"><h1 class="package-header__name">{{.Name}} {{.Release}}</h1></div></div>
<div class="vertical-tabs">
  <div class="vertical-tabs__tabs">
    <div class="-js-mobile-sidebar">{{template "data" .}}</div>
  </div>
  <div class="vertical-tabs__panel">
    <div class="mobile-only">{{template "data" .}}</div>
    <div id="description" class="vertical-tabs__content">
      ` + readme + `
    </div>
  </div>
</div>
</main>
</body>
</html>
{{define "data"}}
<div class="sidebar-section">
  <h3 class="sidebar-section__title">Meta</h3>
  <p><strong>Author:</strong> <a href="mailto:someone@example.org">Someone Uploaders Chose</a></p>
</div>
{{- if .Organization}}
<div class="sidebar-section">
  <h6>Owner</h6>
  <a class="vertical-tabs__tab vertical-tabs__tab--with-icon vertical-tabs__tab--condensed" href="/org/{{.Organization}}/" aria-label="{{.Organization}}">
    <i class="fa fa-sitemap" aria-hidden="true"></i>
    {{.Organization}} organization
  </a>
</div>
{{- end}}
{{- if .Users}}
<div class="sidebar-section">
  <h6>Maintainers</h6>
{{- range .Users}}
  <span class="sidebar-section__maintainer">
    <a href="/user/{{.}}/" aria-label="">
      <span class="sidebar-section__user-gravatar"><img src="https://pypi-camo.example/avatar" height="50" width="50" alt="Avatar for {{.}} from gravatar.com" title="Avatar for {{.}} from gravatar.com"></span>
      <span class="sidebar-section__user-gravatar-text">
        {{.}}
      </span>
    </a>
  </span>
{{- end}}
</div>
{{- end}}
{{end}}
`))

// User is a PyPI account as its user page shows it.
type User struct {
	Username    string
	DisplayName string // "" when the user set none
}

// SetUser adds or replaces a user. Every user holding a role on a project
// has a page too, without a display name unless SetUser gives one.
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users == nil {
		s.users = map[string]User{}
	}
	s.users[strings.ToLower(u.Username)] = u
}

// user finds a user without regard to case, as PyPI's CITEXT username does.
func (s *Server) user(name string) (User, bool) {
	s.mu.Lock()
	u, ok := s.users[strings.ToLower(name)]
	s.mu.Unlock()
	if ok {
		return u, true
	}
	for _, p := range s.allProjects() {
		for _, r := range p.Roles {
			if strings.EqualFold(r[1], name) {
				return User{Username: r[1]}, true
			}
		}
	}
	return User{}, false
}

// serveUser is GET /user/<name>/ (warehouse's accounts.profile): a 404 for
// an unknown user, a 301 to the username's own spelling
// (warehouse/accounts/views.py, profile()), else the page.
func (s *Server) serveUser(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	u, ok := s.user(name)
	if !ok {
		notFoundPage(w, r)
		return
	}
	if name != u.Username {
		http.Redirect(w, r, "/user/"+u.Username+"/", http.StatusMovedPermanently)
		return
	}
	render(w, userTemplate, u)
}

// userTemplate is warehouse/templates/accounts/profile.html as rendered:
// the <h1> only when the user set a name, and the username after two
// no-break spaces.
var userTemplate = template.Must(template.New("user").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Username}} · PyPI</title></head>
<body>
<header class="site-header"><a href="/account/login/">Log in</a></header>
<main id="content">
<section class="horizontal-section horizontal-section--medium">
  <div class="left-layout">
    <div class="left-layout__sidebar">
      <div class="author-profile">
        <img src="https://pypi-camo.example/avatar" alt="Avatar for {{if .DisplayName}}{{.DisplayName}}{{else}}{{.Username}}{{end}} from gravatar.com">
        <div class="author-profile__info">
{{- if .DisplayName}}
          <h1 class="author-profile__name">{{.DisplayName}}</h1>
{{- end}}
          <div class="author-profile__meta">
            <p><i class="fa fa-user-circle" aria-hidden="true"></i>&nbsp;&nbsp;{{.Username}}</p>
            <p><i class="fa fa-calendar-o" aria-hidden="true"></i>&nbsp;&nbsp;Joined on Jan 1, 2015</p>
          </div>
        </div>
        <div class="sidebar-section">
          <h3 class="sidebar-section__title">Statistics</h3>
          <p>View statistics for your projects via <a href="https://libraries.io/">Libraries.io</a></p>
        </div>
      </div>
    </div>
    <div class="left-layout__main">
      <h2>1 project</h2>
      <div class="package-list">
        <div class="package-snippet">
          <h3 class="package-snippet__title"><a href="/project/example/">example</a></h3>
          <p class="package-snippet__description">An example by Someone Else</p>
        </div>
      </div>
    </div>
  </div>
</section>
</main>
</body>
</html>
`))
