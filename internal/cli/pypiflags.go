package cli

import (
	"fmt"
	"math"
	"time"

	"github.com/spf13/pflag"

	"opendev.org/openstack/pypiguard/internal/pypi"
)

// pypiFlags are the flags of every command that asks PyPI.
type pypiFlags struct {
	url         string
	concurrency int
	rate        float64
	timeout     time.Duration
	retries     int
}

// Bounds on the PyPI flags: PyPI asks API users to be gentle, and more
// than this is a typo rather than a need.
const (
	maxPyPIConcurrency = 32
	maxPyPIRate        = 100
	maxPyPIRetries     = 20
)

func (f *pypiFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "pypi-url", pypi.DefaultBaseURL, "the base of every PyPI endpoint (JSON API, XML-RPC, simple index, project pages)")
	fs.IntVar(&f.concurrency, "pypi-concurrency", pypi.DefaultConcurrency, "PyPI requests in flight (JSON API, simple index, project pages)")
	fs.Float64Var(&f.rate, "pypi-rate", pypi.DefaultXMLRPCRate, "XML-RPC calls per second: PyPI throttles XML-RPC per client address")
	fs.DurationVar(&f.timeout, "pypi-timeout", pypi.DefaultRequestTimeout, "time allowed for each PyPI request")
	fs.IntVar(&f.retries, "pypi-retries", pypi.DefaultMaxRetries, "retries of a PyPI request that failed for a reason that may pass")
}

// pypiClient builds the PyPI client the flags describe; a bad value is a
// usage error. The command closes it when it ends.
func (a *app) pypiClient(f *pypiFlags) (*pypi.Client, error) {
	if err := f.check(); err != nil {
		return nil, usageError(err)
	}
	retries := f.retries
	if retries == 0 {
		retries = -1 // pypi.Options reads 0 as "the default"
	}
	c, err := pypi.New(pypi.Options{
		BaseURL:        f.url,
		Concurrency:    f.concurrency,
		XMLRPCRate:     f.rate,
		RequestTimeout: f.timeout,
		MaxRetries:     retries,
	})
	if err != nil {
		return nil, usageError(fmt.Errorf("--pypi-url: %w", err))
	}
	a.services.add(c)
	return c, nil
}

func (f *pypiFlags) check() error {
	switch {
	case f.concurrency < 1 || f.concurrency > maxPyPIConcurrency:
		return fmt.Errorf("--pypi-concurrency %d: use 1 to %d", f.concurrency, maxPyPIConcurrency)
	case math.IsNaN(f.rate) || f.rate <= 0 || f.rate > maxPyPIRate:
		return fmt.Errorf("--pypi-rate %g: use XML-RPC calls per second above 0 and at most %d (PyPI allows about 1)", f.rate, maxPyPIRate)
	case f.timeout <= 0:
		return fmt.Errorf("--pypi-timeout %s: use a positive duration such as 30s", f.timeout)
	case f.retries < 0 || f.retries > maxPyPIRetries:
		return fmt.Errorf("--pypi-retries %d: use 0 to %d", f.retries, maxPyPIRetries)
	}
	return nil
}
