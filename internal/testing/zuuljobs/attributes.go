package zuuljobs

// The attributes Zuul documents for jobs, projects and project-templates
// (doc/source/config/{job,project}.rst), with the types its configloader's
// voluptuous schemas give them (JobParser.job_attributes,
// ProjectParser.getSchema, ProjectTemplateParser.getSchema). Only their
// shapes are checked here; what refers to other repositories (nodesets,
// semaphores, roles) is Zuul's to resolve.

var (
	role = anyOf(
		mapping("a zuul role", map[string]field{"zuul": req(str), "name": opt(str)}, nil),
		mapping("a galaxy role", map[string]field{"galaxy": req(str), "name": opt(str)}, nil))
	jobProject = mapping("a required project", map[string]field{
		"name": req(str), "override-branch": opt(str), "override-checkout": opt(str)}, nil)
	jobDependency = mapping("a dependency", map[string]field{"name": req(str), "soft": opt(boolean)}, nil)
	secretUse     = mapping("a secret", map[string]field{
		"name": req(str), "secret": req(str), "pass-to-parent": opt(boolean)}, nil)
	semaphore = mapping("a semaphore", map[string]field{"name": req(str), "resources-first": opt(boolean)}, nil)
	playbook  = toList(anyOf(str, mapping("a playbook", map[string]field{
		"name": req(str), "semaphores": opt(toList(str))}, nil)))
	postPlaybook = toList(anyOf(str, mapping("a post-run playbook", map[string]field{
		"name": req(str), "semaphores": opt(toList(str)), "cleanup": opt(boolean)}, nil)))
	includeVars = toList(anyOf(str,
		mapping("an include-vars file", map[string]field{"name": req(str), "project": opt(str), "required": opt(boolean)}, nil),
		mapping("an include-vars file", map[string]field{"name": req(str), "zuul-project": opt(boolean), "use-ref": opt(boolean), "required": opt(boolean)}, nil)))
	boolOrAuto = anyOf(boolean, enum("auto"))
)

// jobAttributes are the attributes of a job, also allowed on a job in a
// project's or template's pipeline.
var jobAttributes = map[string]field{
	"parent":                  opt(anyOf(str, null)),
	"final":                   opt(boolean),
	"abstract":                opt(boolean),
	"protected":               opt(boolean),
	"intermediate":            opt(boolean),
	"requires":                opt(toList(str)),
	"provides":                opt(toList(str)),
	"failure-message":         opt(str),
	"success-message":         opt(str),
	"failure-url":             opt(str),
	"success-url":             opt(str),
	"hold-following-changes":  opt(boolean),
	"voting":                  opt(boolean),
	"semaphore":               opt(anyOf(semaphore, str)),
	"semaphores":              opt(toList(anyOf(semaphore, str))),
	"tags":                    opt(toList(str)),
	"branches":                opt(toList(regex)),
	"files":                   opt(toList(regex)),
	"irrelevant-files":        opt(toList(regex)),
	"secrets":                 opt(toList(anyOf(secretUse, str))),
	"nodeset":                 opt(anyOf(anyMapping, str)),
	"pre-timeout":             opt(integer),
	"timeout":                 opt(integer),
	"post-timeout":            opt(integer),
	"attempts":                opt(integer),
	"pre-run":                 opt(playbook),
	"post-run":                opt(postPlaybook),
	"run":                     opt(playbook),
	"cleanup-run":             opt(playbook),
	"ansible-split-streams":   opt(boolean),
	"ansible-version":         opt(anyOf(str, integer, scalar("a number", "!!float"))),
	"roles":                   opt(toList(role)),
	"required-projects":       opt(toList(anyOf(jobProject, str))),
	"vars":                    opt(varsDict),
	"extra-vars":              opt(varsDict),
	"host-vars":               opt(mapping("host variables", nil, &varsDict)),
	"group-vars":              opt(mapping("group variables", nil, &varsDict)),
	"include-vars":            opt(includeVars),
	"dependencies":            opt(toList(anyOf(jobDependency, str))),
	"allowed-projects":        opt(toList(str)),
	"override-branch":         opt(str),
	"override-checkout":       opt(str),
	"description":             opt(str),
	"variant-description":     opt(str),
	"post-review":             opt(boolean),
	"match-on-config-updates": opt(boolean),
	"workspace-scheme":        opt(enum("golang", "flat", "unique")),
	"workspace-checkout":      opt(boolOrAuto),
	"deduplicate":             opt(boolOrAuto),
	"failure-output":          opt(toList(str)),
	"image-build-name":        opt(str),
	"attribute-control":       opt(anyMapping),
}

// jobSchema is a job stanza: a name and the job attributes.
var jobSchema = mapping("a job", withFields(jobAttributes, map[string]field{"name": req(str)}), nil)

// pipelineJob is an item of a pipeline's job list: a job's name, or
// {name: attributes}.
var pipelineJob = anyOf(str, mapping("{job name: attributes}", nil,
	&schema{"a job name or job attributes", anyOf(str, mapping("job attributes", jobAttributes, nil)).check}))

var pipelineContents = mapping("a pipeline's jobs", map[string]field{
	"debug":     opt(boolean),
	"fail-fast": opt(boolean),
	"jobs":      opt(listOf(pipelineJob)),
}, nil)

// projectSchema is a project stanza; any other key names a pipeline.
var projectSchema = mapping("a project", map[string]field{
	"name":           opt(str),
	"description":    opt(str),
	"branches":       opt(toList(regex)),
	"vars":           opt(varsDict),
	"templates":      opt(listOf(str)),
	"merge-mode":     opt(enum("merge", "merge-resolve", "cherry-pick", "squash-merge", "rebase")),
	"default-branch": opt(str),
	"queue":          opt(str),
}, &pipelineContents)

// templateSchema is a project-template stanza; any other key names a
// pipeline. Zuul's schema leaves name optional, but a template without one
// cannot be used.
var templateSchema = mapping("a project-template", map[string]field{
	"name":        req(str),
	"description": opt(str),
	"queue":       opt(str),
	"vars":        opt(varsDict),
}, &pipelineContents)

func withFields(a, b map[string]field) map[string]field {
	out := make(map[string]field, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
