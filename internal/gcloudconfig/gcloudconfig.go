// Package gcloudconfig reads the project and region that the gcloud CLI's
// active configuration defines, so that vxjob can fall back to them the way
// gcloud itself would, without running gcloud and without any network.
//
// The lookup follows gcloud's own code (googlecloudsdk/core/config.py,
// configurations/named_configs.py, configurations/properties_file.py and
// properties.py). Deliberately left out: the --configuration flag (vxjob has
// no such flag), the installation-wide properties file in the SDK root (which
// would mean locating the SDK), the one-time migration of pre-configuration
// "properties" files, and property callbacks such as the GCE metadata server.
package gcloudconfig

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Properties are the gcloud properties vxjob uses; "" when unset.
type Properties struct {
	Project string // core/project
	Region  string // ai/region
	Config  string // name of the active configuration they came from ("" when only environment variables gave them)
	Path    string // path of the configuration file read ("" when none)
	// Note, when set, says why no configuration file was read although
	// one may be there: its directory or file could not be read (no
	// permission, not a directory, too large). gcloud's defaults are
	// optional, so this is no error; the environment still applies.
	Note string
}

// maxFileSize bounds what is read of active_config and a configuration
// file; gcloud's are a few hundred bytes.
const maxFileSize = 1 << 20

// readError is a file of the configuration that exists, or may, but
// cannot be read.
type readError struct {
	path string
	err  error
}

func (e *readError) Error() string { return fmt.Sprintf("cannot read %s: %v", e.path, e.err) }
func (e *readError) Unwrap() error { return e.err }

// readSmall reads a file of the configuration, at most maxFileSize bytes.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, &readError{path, unwrapPath(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	switch {
	case err != nil:
		return nil, &readError{path, unwrapPath(err)}
	case len(data) > maxFileSize:
		return nil, &readError{path, fmt.Errorf("it is larger than %d KiB", maxFileSize>>10)}
	}
	return data, nil
}

// printable replaces the control characters of s (a path may hold any),
// so that a note cannot move a terminal's cursor or fake a line.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

const (
	envConfigDir  = "CLOUDSDK_CONFIG"
	envConfigName = "CLOUDSDK_ACTIVE_CONFIG_NAME"
	envProject    = "CLOUDSDK_CORE_PROJECT" // gcloud's CLOUDSDK_<SECTION>_<KEY>
	envRegion     = "CLOUDSDK_AI_REGION"

	defaultConfig = "default"
	noConfig      = "NONE" // gcloud's reserved name for "no configuration file at all"
)

// validName is gcloud's rule for configuration names. gcloud itself does not
// check CLOUDSDK_ACTIVE_CONFIG_NAME; checking it here also keeps a name such
// as "../x" from reaching outside the configurations directory.
var validName = regexp.MustCompile(`^[a-z][-a-z0-9]*$`)

// Active reads the active configuration. getenv is os.Getenv in production
// (tests pass a map lookup); home is the user's home directory
// (os.UserHomeDir in production). A missing config directory or file is not
// an error (zero Properties), nor is one that cannot be read (Note says
// why); a file that cannot be parsed, or an invalid configuration name, is
// an error that names the file and line.
func Active(getenv func(string) string, home string) (Properties, error) {
	p, err := fromFile(getenv, home)
	var re *readError
	switch {
	case errors.As(err, &re):
		p = Properties{Note: printable(fmt.Sprintf("gcloud's configuration was not read (%v); going on without its project and region", re))}
	case err != nil:
		return Properties{}, err
	}

	// The environment beats the file, as in gcloud. gcloud would let a
	// set-but-empty variable blank out the file's value, but getenv cannot
	// tell empty from unset, and an empty project is never what anyone wants.
	if v := getenv(envProject); v != "" {
		p.Project = v
	}
	if v := getenv(envRegion); v != "" {
		p.Region = v
	}
	return p, nil
}

// fromFile reads the active configuration's file.
func fromFile(getenv func(string) string, home string) (Properties, error) {
	dir := configDir(runtime.GOOS, getenv, home)
	if dir == "" {
		return Properties{}, nil
	}
	name, err := activeName(getenv, dir)
	if err != nil || name == noConfig {
		return Properties{}, err
	}
	path := filepath.Join(dir, "configurations", "config_"+name)
	project, region, err := readConfig(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// gcloud creates the file on the first "gcloud config set".
		return Properties{}, nil
	case err != nil:
		return Properties{}, err
	}
	return Properties{Project: project, Region: region, Config: name, Path: path}, nil
}

// configDir returns gcloud's user configuration directory, or "" when there
// is none to read: without a home directory, ".config/gcloud" would resolve
// against the working directory, which gcloud never reads.
func configDir(goos string, getenv func(string) string, home string) string {
	if dir := getenv(envConfigDir); dir != "" {
		return dir
	}
	if goos != "windows" {
		if home == "" {
			return ""
		}
		return filepath.Join(home, ".config", "gcloud")
	}
	if appdata := getenv("APPDATA"); appdata != "" {
		return filepath.Join(appdata, "gcloud")
	}
	// gcloud's last resort, for a Windows environment without APPDATA.
	drive := getenv("SystemDrive")
	if drive == "" {
		drive = "C:"
	}
	return drive + `\gcloud`
}

// activeName returns the name of the active configuration.
func activeName(getenv func(string) string, dir string) (string, error) {
	if name := getenv(envConfigName); name != "" {
		return checkName(name, envConfigName)
	}
	path := filepath.Join(dir, "active_config")
	data, err := readSmall(path)
	if errors.Is(err, fs.ErrNotExist) {
		// gcloud has not written it yet: "default" is what it would create.
		return defaultConfig, nil
	}
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(data))
	if name == "" {
		return defaultConfig, nil // gcloud treats an empty file as a missing one
	}
	return checkName(name, path)
}

// checkName returns name if gcloud accepts it; source says where it came from.
func checkName(name, source string) (string, error) {
	if name == noConfig || validName.MatchString(name) {
		return name, nil
	}
	return "", fmt.Errorf("invalid gcloud configuration name %q in %s: names start with a lower-case letter and contain only a-z, 0-9 and '-'", name, source)
}

// readConfig returns core/project and ai/region from the configuration file
// at path.
func readConfig(path string) (project, region string, err error) {
	data, err := readSmall(path)
	if err != nil {
		return "", "", err
	}
	f, err := parse(path, string(data))
	if err != nil {
		return "", "", err
	}
	if project, err = f.get("core", "project"); err != nil {
		return "", "", err
	}
	if region, err = f.get("ai", "region"); err != nil {
		return "", "", err
	}
	return project, region, nil
}

// iniFile is a configuration file as gcloud reads it: with Python's
// configparser.ConfigParser() and its default options.
type iniFile struct {
	path     string
	sections map[string]map[string]*entry // section → lower-cased key → value; includes DEFAULT
}

type entry struct {
	lines []string // the value's first line, then its continuation lines
	line  int      // where the key is, for error messages
}

// value joins the lines as configparser does. Blank lines are kept inside a
// value, in case a continuation line follows, so trailing ones are trimmed.
func (e *entry) value() string {
	return strings.TrimRightFunc(strings.Join(e.lines, "\n"), isSpace)
}

// isSpace is Python's str.isspace, which configparser strips with; unlike
// unicode.IsSpace it includes the ASCII separators U+001C to U+001F.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || '\x1c' <= r && r <= '\x1f'
}

func (f *iniFile) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", f.path, line, fmt.Sprintf(format, args...))
}

// parse follows configparser's reading rules: "#" and ";" start comment
// lines only (not inline comments); a key ends at the first "=" or ":"; keys
// are lower-cased; a line indented more than its key continues the value;
// section and key names may not repeat (strict mode).
func parse(path, text string) (*iniFile, error) {
	f := &iniFile{path: path, sections: make(map[string]map[string]*entry)}

	// Python reads text files with universal newlines.
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	var (
		section map[string]*entry // nil before the first header
		name    string            // of section
		last    *entry            // the value continuation lines extend
		indent  int               // of the line that started last
	)
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if !utf8.ValidString(line) { // Python fails to decode it too
			return nil, f.errorf(n, "invalid UTF-8")
		}
		v := strings.TrimFunc(line, isSpace)
		if strings.HasPrefix(v, "#") || strings.HasPrefix(v, ";") {
			continue
		}
		if v == "" {
			if last != nil {
				last.lines = append(last.lines, "")
			}
			continue
		}

		// Indentation is counted in characters, as Python does.
		lineIndent := utf8.RuneCountInString(line) - utf8.RuneCountInString(strings.TrimLeftFunc(line, isSpace))
		if last != nil && lineIndent > indent {
			last.lines = append(last.lines, v)
			continue
		}
		indent = lineIndent

		// configparser's header pattern is `\[(.+)\]`, matched at the start
		// only: the name runs to the last "]", and anything after it is ignored.
		if end := strings.LastIndexByte(v, ']'); v[0] == '[' && end > 1 {
			name = v[1:end]
			s, seen := f.sections[name]
			if seen && name != "DEFAULT" { // configparser lets DEFAULT reopen
				return nil, f.errorf(n, "duplicate section [%s]", name)
			}
			if !seen {
				s = make(map[string]*entry)
				f.sections[name] = s
			}
			section, last = s, nil
			continue
		}
		if section == nil {
			return nil, f.errorf(n, "%q comes before any [section] header", v)
		}
		sep := strings.IndexAny(v, "=:")
		if sep < 0 {
			return nil, f.errorf(n, "%q is neither a [section] header nor key = value", v)
		}
		key := strings.ToLower(strings.TrimFunc(v[:sep], isSpace))
		if key == "" {
			return nil, f.errorf(n, "%q has no key", v)
		}
		if prev := section[key]; prev != nil {
			return nil, f.errorf(n, "duplicate key %q in [%s] (first on line %d)", key, name, prev.line)
		}
		last = &entry{lines: []string{strings.TrimFunc(v[sep+1:], isSpace)}, line: n}
		section[key] = last
	}
	return f, nil
}

// lookup finds key as gcloud sees it: only in sections the file has, falling
// back to [DEFAULT], whose keys configparser copies into every section.
func (f *iniFile) lookup(section, key string) *entry {
	s := f.sections[section]
	if s == nil || section == "DEFAULT" {
		return nil
	}
	if e := s[key]; e != nil {
		return e
	}
	return f.sections["DEFAULT"][key]
}

// get returns the value of key in section, "" when unset.
func (f *iniFile) get(section, key string) (string, error) {
	e := f.lookup(section, key)
	if e == nil {
		return "", nil
	}
	v, err := f.expand(section, e.value(), 1)
	if err != nil {
		return "", f.errorf(e.line, "[%s] %s: %v", section, key, err)
	}
	return v, nil
}

// maxDepth is configparser's MAX_INTERPOLATION_DEPTH.
const maxDepth = 10

// expand applies configparser's BasicInterpolation, which gcloud's parser
// has on: "%%" is a literal "%" and "%(key)s" the value of key in the same
// section or [DEFAULT]; any other "%" is an error.
func (f *iniFile) expand(section, s string, depth int) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		if depth > maxDepth { // only values with a "%" count toward the depth
			return "", fmt.Errorf("references nested more than %d deep", maxDepth)
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "%%") {
			b.WriteByte('%')
			s = s[2:]
			continue
		}
		end := strings.IndexByte(s, ')')
		if !strings.HasPrefix(s, "%(") || end < 3 || !strings.HasPrefix(s[end+1:], "s") {
			return "", fmt.Errorf(`bad "%%" in %q: write "%%%%" for a literal "%%"`, s)
		}
		ref := strings.ToLower(s[2:end])
		e := f.lookup(section, ref)
		if e == nil {
			return "", fmt.Errorf("%%(%s)s refers to a key [%s] does not have", ref, section)
		}
		v, err := f.expand(section, e.value(), depth+1)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		s = s[end+2:]
	}
}
