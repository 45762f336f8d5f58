package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// envName is the environment variable that sets a flag: DIVSIM_ and the
// flag's name in capitals with dashes as underscores.
func envName(flag string) string {
	return "DIVSIM_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// bindEnvironment fills every flag not given on the command line from its
// DIVSIM_* environment variable, through a viper instance local to this
// command (never the global one), so the precedence is flag > environment >
// scenario file > default. It returns where each set flag's value came from
// ("--paths" or "DIVSIM_PATHS"), for messages.
func bindEnvironment(cmd *cobra.Command) (map[string]string, error) {
	v := viper.New()
	v.SetEnvPrefix("DIVSIM")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return nil, err
	}
	from := map[string]string{}
	var firstErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			from[f.Name] = "--" + f.Name
			return
		}
		if f.Name == "help" || !v.IsSet(f.Name) {
			return
		}
		// Unchanged flag that viper sees as set: the environment set it.
		val := v.GetString(f.Name)
		if err := cmd.Flags().Set(f.Name, val); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s=%q: %v", envName(f.Name), val, err)
		}
		from[f.Name] = envName(f.Name)
	})
	return from, firstErr
}
