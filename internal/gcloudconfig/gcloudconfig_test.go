package gcloudconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Paths in these tests are relative to a fresh temporary root, written with
// "/"; home is <root>/home, so gcloud's default directory is homeConfig.
const (
	homeConfig = "home/.config/gcloud/"
	homeFile   = homeConfig + "configurations/config_default"
)

func TestActive(t *testing.T) {
	const both = "[core]\nproject = file-project\n\n[ai]\nregion = us-central1\n"
	tests := []struct {
		name    string
		files   map[string]string // path → contents; a path ending in "/" is a directory
		env     map[string]string // "$ROOT" in a value stands for the root
		noHome  bool
		want    Properties // Path relative to the root
		wantErr string     // substring of the error
		// wantNote is a substring of Note; Note is then not compared.
		wantNote string
	}{
		{
			name:  "default directory under home",
			files: map[string]string{homeFile: both},
			want:  Properties{"file-project", "us-central1", "default", homeFile, ""},
		},
		{
			name: "CLOUDSDK_CONFIG replaces the default directory",
			files: map[string]string{
				homeFile:                            "[core]\nproject = ignored\n",
				"cfg/configurations/config_default": both,
			},
			env:  map[string]string{"CLOUDSDK_CONFIG": "$ROOT/cfg"},
			want: Properties{"file-project", "us-central1", "default", "cfg/configurations/config_default", ""},
		},
		{
			name: "active_config names the configuration",
			files: map[string]string{
				homeConfig + "active_config": "work\n",
				homeFile:                     "[core]\nproject = ignored\n",
				homeConfig + "configurations/config_work": both,
			},
			want: Properties{"file-project", "us-central1", "work", homeConfig + "configurations/config_work", ""},
		},
		{
			name: "empty active_config means default",
			files: map[string]string{
				homeConfig + "active_config": "\n",
				homeFile:                     both,
			},
			want: Properties{"file-project", "us-central1", "default", homeFile, ""},
		},
		{
			name: "CLOUDSDK_ACTIVE_CONFIG_NAME beats active_config",
			files: map[string]string{
				homeConfig + "active_config":               "work",
				homeConfig + "configurations/config_work":  "[core]\nproject = ignored\n",
				homeConfig + "configurations/config_other": both,
			},
			env:  map[string]string{"CLOUDSDK_ACTIVE_CONFIG_NAME": "other"},
			want: Properties{"file-project", "us-central1", "other", homeConfig + "configurations/config_other", ""},
		},
		{
			name:  "environment properties beat the file",
			files: map[string]string{homeFile: both},
			env:   map[string]string{"CLOUDSDK_CORE_PROJECT": "env-project", "CLOUDSDK_AI_REGION": "europe-west4"},
			want:  Properties{"env-project", "europe-west4", "default", homeFile, ""},
		},
		{
			name:  "empty environment properties count as unset",
			files: map[string]string{homeFile: both},
			env:   map[string]string{"CLOUDSDK_CORE_PROJECT": "", "CLOUDSDK_AI_REGION": ""},
			want:  Properties{"file-project", "us-central1", "default", homeFile, ""},
		},
		{
			name: "environment properties alone",
			env:  map[string]string{"CLOUDSDK_CORE_PROJECT": "env-project", "CLOUDSDK_AI_REGION": "europe-west4"},
			want: Properties{Project: "env-project", Region: "europe-west4"},
		},
		{
			name: "missing directory",
		},
		{
			name:   "no home directory",
			noHome: true,
			env:    map[string]string{"CLOUDSDK_CORE_PROJECT": "env-project"},
			want:   Properties{Project: "env-project"},
		},
		{
			name:  "missing file",
			files: map[string]string{homeConfig + "active_config": "work", homeFile: both},
		},
		{
			name:  "NONE reads no file",
			files: map[string]string{homeConfig + "active_config": "NONE", homeConfig + "configurations/config_NONE": both},
			env:   map[string]string{"CLOUDSDK_AI_REGION": "europe-west4"},
			want:  Properties{Region: "europe-west4"},
		},
		{
			name:  "empty file",
			files: map[string]string{homeFile: ""},
			want:  Properties{Config: "default", Path: homeFile},
		},
		{
			name: "comments, blank lines and both separators",
			files: map[string]string{homeFile: "# gcloud config\n; another comment\n\n[core]\n" +
				"  # indented comment\naccount = someone@example.com\nproject: colon-project\n\n\n" +
				"[ai]\nregion   =   asia-east1   \n"},
			want: Properties{"colon-project", "asia-east1", "default", homeFile, ""},
		},
		{
			name: "same key in other sections is ignored",
			files: map[string]string{homeFile: "[compute]\nregion = us-east1\nproject = nope\n" +
				"[Core]\nproject = nope\n[ai]\nregion = us-central1\n[core]\naccount = a@example.com\n"},
			want: Properties{Region: "us-central1", Config: "default", Path: homeFile},
		},
		{
			name:  "keys are case-insensitive, as configparser lower-cases them",
			files: map[string]string{homeFile: "[core]\nPROJECT = upper\n[ai]\nRegion = mixed\n"},
			want:  Properties{"upper", "mixed", "default", homeFile, ""},
		},
		{
			name:  "only the first separator splits",
			files: map[string]string{homeFile: "[core]\nproject = a:b=c\n[ai]\nregion: x=y\n"},
			want:  Properties{"a:b=c", "x=y", "default", homeFile, ""},
		},
		{
			name:  "no inline comments",
			files: map[string]string{homeFile: "[core]\nproject = p # not a comment\n"},
			want:  Properties{Project: "p # not a comment", Config: "default", Path: homeFile},
		},
		{
			name:  "continuation lines join the value",
			files: map[string]string{homeFile: "[core]\nproject = a\n  b\n\n   c\n\n[ai]\n  region = r\n"},
			want:  Properties{"a\nb\n\nc", "r", "default", homeFile, ""},
		},
		{
			name:  "DEFAULT fills sections the file has",
			files: map[string]string{homeFile: "[DEFAULT]\nproject = dflt\nregion = dflt\n[ai]\n"},
			want:  Properties{Region: "dflt", Config: "default", Path: homeFile},
		},
		{
			name:  "interpolation",
			files: map[string]string{homeFile: "[DEFAULT]\nbase = team\n[core]\nproject = %(BASE)s-%(env)s\nenv = dev-100%%\n"},
			want:  Properties{Project: "team-dev-100%", Config: "default", Path: homeFile},
		},
		{
			name:  "CRLF line endings",
			files: map[string]string{homeFile: "[core]\r\nproject = p\r\n[ai]\r\nregion = r\r\n"},
			want:  Properties{"p", "r", "default", homeFile, ""},
		},
		{
			name:    "line without separator",
			files:   map[string]string{homeFile: "[core]\nproject = p\nregion\n"},
			wantErr: "config_default:3: ",
		},
		{
			name:    "key before any section",
			files:   map[string]string{homeFile: "\nproject = p\n[core]\n"},
			wantErr: "config_default:2: ",
		},
		{
			name:    "empty key",
			files:   map[string]string{homeFile: "[core]\n= p\n"},
			wantErr: "config_default:2: ",
		},
		{
			name:    "duplicate key",
			files:   map[string]string{homeFile: "[core]\nproject = a\n# again\nProject = b\n"},
			wantErr: "config_default:4: duplicate key",
		},
		{
			name:    "duplicate section",
			files:   map[string]string{homeFile: "[core]\n[ai]\n[core]\n"},
			wantErr: "config_default:3: duplicate section",
		},
		{
			name:    "bad interpolation",
			files:   map[string]string{homeFile: "[core]\naccount = a\nproject = 50%\n"},
			wantErr: "config_default:3: ",
		},
		{
			name:    "missing interpolation key",
			files:   map[string]string{homeFile: "[DEFAULT]\nx = 1\n[ai]\nregion = %(nope)s\n"},
			wantErr: "config_default:4: ",
		},
		{
			name:    "recursive interpolation",
			files:   map[string]string{homeFile: "[core]\nproject = %(project)s\n"},
			wantErr: "config_default:2: ",
		},
		{
			name:    "invalid UTF-8",
			files:   map[string]string{homeFile: "[core]\nproject = \xff\n"},
			wantErr: "config_default:2: ",
		},
		{
			name:     "unreadable file",
			files:    map[string]string{homeFile + "/": ""},
			env:      map[string]string{"CLOUDSDK_CORE_PROJECT": "env-project"},
			want:     Properties{Project: "env-project"},
			wantNote: "config_default: is a directory",
		},
		{
			name:     "config directory is a file",
			files:    map[string]string{"cfg": "not a directory"},
			env:      map[string]string{"CLOUDSDK_CONFIG": "$ROOT/cfg"},
			wantNote: "cfg/active_config: not a directory",
		},
		{
			name:     "config file too large",
			files:    map[string]string{homeFile: "[core]\nproject = p\n" + strings.Repeat("#", 1<<20)},
			wantNote: "config_default: it is larger than 1024 KiB",
		},
		{
			name:    "invalid name in CLOUDSDK_ACTIVE_CONFIG_NAME",
			files:   map[string]string{"evil": both},
			env:     map[string]string{"CLOUDSDK_ACTIVE_CONFIG_NAME": "../../../evil"},
			wantErr: "CLOUDSDK_ACTIVE_CONFIG_NAME",
		},
		{
			name:    "invalid name in active_config",
			files:   map[string]string{homeConfig + "active_config": "Work"},
			wantErr: "active_config",
		},
		{
			name:     "unreadable active_config",
			files:    map[string]string{homeConfig + "active_config/": ""},
			wantNote: "active_config: is a directory",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for name, contents := range tt.files {
				path := filepath.Join(root, filepath.FromSlash(name))
				if strings.HasSuffix(name, "/") {
					mustMkdir(t, path)
					continue
				}
				mustMkdir(t, filepath.Dir(path))
				if err := os.WriteFile(path, []byte(contents), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			getenv := func(key string) string {
				return strings.ReplaceAll(tt.env[key], "$ROOT", root)
			}
			home := filepath.Join(root, "home")
			if tt.noHome {
				home = ""
			}

			got, err := Active(getenv, home)

			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Active() = %+v, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Active() error: %v", err)
			}
			if tt.wantNote != "" {
				if !strings.Contains(got.Note, tt.wantNote) {
					t.Errorf("Note = %q, want it to contain %q", got.Note, tt.wantNote)
				}
				got.Note = ""
			}
			want := tt.want
			if want.Path != "" {
				want.Path = filepath.Join(root, filepath.FromSlash(want.Path))
			}
			if got != want {
				t.Errorf("Active() = %+v\nwant       %+v", got, want)
			}
		})
	}
}

func TestConfigDir(t *testing.T) {
	tests := []struct {
		name string
		goos string
		env  map[string]string
		home string
		want string
	}{
		{"unix", "linux", nil, "/home/u", filepath.Join("/home/u", ".config", "gcloud")},
		{"unix CLOUDSDK_CONFIG", "darwin", map[string]string{"CLOUDSDK_CONFIG": "/etc/g"}, "/home/u", "/etc/g"},
		{"windows APPDATA", "windows", map[string]string{"APPDATA": "/appdata"}, "/home/u", filepath.Join("/appdata", "gcloud")},
		{"windows SystemDrive", "windows", map[string]string{"SystemDrive": "D:"}, "/home/u", `D:\gcloud`},
		{"windows no drive", "windows", nil, "/home/u", `C:\gcloud`},
		{"windows CLOUDSDK_CONFIG", "windows", map[string]string{"CLOUDSDK_CONFIG": `E:\g`, "APPDATA": "/appdata"}, "", `E:\g`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(key string) string { return tt.env[key] }
			if got := configDir(tt.goos, getenv, tt.home); got != tt.want {
				t.Errorf("configDir() = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParse checks that no input makes the parser or value lookup panic.
func FuzzParse(f *testing.F) {
	f.Add("[core]\nproject = p\n  more\n\n[ai]\nregion: r\n")
	f.Add("  indented = 1\n[DEFAULT]\nx = %(y)s\ny = %%\n[core]\nproject = %(x)s\n")
	f.Add("[]]\n[core] trailing\n=\n:\n%(\n")
	f.Fuzz(func(t *testing.T, text string) {
		ini, err := parse("config", text)
		if err != nil {
			return
		}
		for _, section := range []string{"core", "ai", "DEFAULT"} {
			for _, key := range []string{"project", "region"} {
				_, _ = ini.get(section, key)
			}
		}
	})
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// A configuration directory without permission to read it is no error:
// the environment still gives its values. (Root reads any directory.)
func TestActiveUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a directory whatever its mode; the cases above cover the other unreadable forms")
	}
	dir := filepath.Join(t.TempDir(), "cfg")
	mustMkdir(t, filepath.Join(dir, "configurations"))
	if err := os.WriteFile(filepath.Join(dir, "configurations", "config_default"), []byte("[core]\nproject = p\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	env := map[string]string{"CLOUDSDK_CONFIG": dir, "CLOUDSDK_AI_REGION": "europe-west4"}
	got, err := Active(func(k string) string { return env[k] }, "")
	if err != nil || got.Region != "europe-west4" || got.Project != "" || !strings.Contains(got.Note, "permission denied") {
		t.Errorf("Active() = %+v, %v; want the region from the environment and a note", got, err)
	}
}
