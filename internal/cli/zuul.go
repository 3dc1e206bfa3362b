package cli

import (
	"errors"

	"github.com/spf13/pflag"

	"opendev.org/openstack/pypiguard/internal/report"
)

// zuulFlags say where to write the data for Zuul's zuul_return.
type zuulFlags struct {
	returnFile string
}

func (f *zuulFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.returnFile, "zuul-return", "", "write the data for zuul_return (file comments, warnings, artifacts) to this file (TODO)")
}

// write writes the zuul_return file, when asked.
func (f *zuulFlags) write(r *report.Report) error {
	if f.returnFile != "" {
		return usageError(errors.New("--zuul-return: not implemented yet"))
	}
	return nil
}
