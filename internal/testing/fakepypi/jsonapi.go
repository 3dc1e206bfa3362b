package fakepypi

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
)

// routes maps PyPI's paths. The patterns anchor trailing slashes with {$}
// so that /simple/x/ does not match /simple/x/anything.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /pypi/{name}/json", s.serveJSON)
	m.HandleFunc("GET /pypi/{name}/json/{$}", s.serveJSON)
	m.HandleFunc("POST /pypi", s.serveXMLRPC)
	m.HandleFunc("POST /pypi/{$}", s.serveXMLRPC)
	m.HandleFunc("POST /RPC2", s.serveXMLRPC)
	m.HandleFunc("GET /simple/{name}/{$}", s.serveSimple)
	m.HandleFunc("GET /project/{name}/{$}", s.serveProject)
	m.HandleFunc("GET /user/{name}/{$}", s.serveUser)
	m.HandleFunc("/", notFoundPage)
	return m
}

// jsonDoc is the JSON API's document, with the keys PyPI sends.
type jsonDoc struct {
	Info            jsonInfo              `json:"info"`
	LastSerial      int                   `json:"last_serial"`
	Releases        map[string][]jsonFile `json:"releases"`
	URLs            []jsonFile            `json:"urls"`
	Vulnerabilities []any                 `json:"vulnerabilities"`
	Ownership       *jsonOwnership        `json:"ownership,omitempty"`
}

// jsonInfo is core metadata: author and maintainer are whatever the
// uploader wrote, not PyPI accounts.
type jsonInfo struct {
	Name         string  `json:"name"`
	Version      string  `json:"version"`
	Summary      string  `json:"summary"`
	Author       string  `json:"author"`
	AuthorEmail  string  `json:"author_email"`
	Maintainer   *string `json:"maintainer"`
	ProjectURL   string  `json:"project_url"`
	PackageURL   string  `json:"package_url"`
	ReleaseURL   string  `json:"release_url"`
	RequiresDist *[]any  `json:"requires_dist"`
	Yanked       bool    `json:"yanked"`
}

type jsonFile struct {
	Filename      string `json:"filename"`
	PackageType   string `json:"packagetype"`
	URL           string `json:"url"`
	UploadTime    string `json:"upload_time"`
	UploadTimeISO string `json:"upload_time_iso_8601"`
}

type jsonOwnership struct {
	Roles        []jsonRole `json:"roles"`
	Organization *string    `json:"organization"`
}

type jsonRole struct {
	Role string `json:"role"`
	User string `json:"user"`
}

// serveJSON is GET /pypi/<name>/json: a 301 to the normalized name first,
// then a 404 for an unknown project or one without releases.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if norm := normalize(name); name != norm {
		http.Redirect(w, r, "/pypi/"+norm+"/json", http.StatusMovedPermanently)
		return
	}
	p, ok := s.project(name)
	if !ok || p.NoReleases {
		jsonNotFound(w)
		return
	}
	w.Header().Set("X-PyPI-Last-Serial", "12345")
	writeJSON(w, http.StatusOK, s.jsonDoc(p))
}

func (s *Server) jsonDoc(p Project) jsonDoc {
	v := p.version()
	releases, urls := jsonReleases(p, v)
	d := jsonDoc{
		Info: jsonInfo{Name: p.Name, Version: v, Summary: "A project of the fake PyPI",
			Author: "Someone Uploaders Chose", AuthorEmail: "someone@example.org",
			ProjectURL: "https://pypi.org/project/" + p.Name + "/", PackageURL: "https://pypi.org/project/" + p.Name + "/",
			ReleaseURL: "https://pypi.org/project/" + p.Name + "/" + v + "/"},
		LastSerial:      12345,
		Releases:        releases,
		URLs:            urls,
		Vulnerabilities: []any{},
	}
	if !s.opts.NoOwnership {
		d.Ownership = ownership(p)
	}
	return d
}

// ownership sorts as PyPI's JSON API does: Owner first, then by username
// with a case-sensitive (Python) sort.
func ownership(p Project) *jsonOwnership {
	o := &jsonOwnership{Roles: []jsonRole{}}
	for _, r := range p.Roles {
		o.Roles = append(o.Roles, jsonRole{Role: r[0], User: r[1]})
	}
	sort.SliceStable(o.Roles, func(i, j int) bool {
		a, b := o.Roles[i], o.Roles[j]
		if (a.Role == "Owner") != (b.Role == "Owner") {
			return a.Role == "Owner"
		}
		return a.User < b.User
	})
	if p.Organization != "" {
		org := p.Organization
		o.Organization = &org
	}
	return o
}

// jsonNotFound is PyPI's JSON 404 (warehouse/views.py httpexception_view).
func jsonNotFound(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(`{"message": "Not Found"}`))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
