package submit

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in        string
		want      Endpoint
		errSubstr string
	}{
		{in: "127.0.0.1:8080", want: Endpoint{Address: "127.0.0.1:8080", Plaintext: true}},
		{in: "localhost:8080", want: Endpoint{Address: "localhost:8080", Plaintext: true}},
		{in: "[::1]:8080", want: Endpoint{Address: "[::1]:8080", Plaintext: true}},
		{in: "127.8.9.10:1", want: Endpoint{Address: "127.8.9.10:1", Plaintext: true}},
		{in: "grpc://127.0.0.1:8080", want: Endpoint{Address: "127.0.0.1:8080", Plaintext: true}},
		{in: "grpcs://127.0.0.1:8443", want: Endpoint{Address: "127.0.0.1:8443"}},
		{in: "us-central1-aiplatform.googleapis.com:443", want: Endpoint{Address: "us-central1-aiplatform.googleapis.com:443"}},
		{in: "grpcs://private.example.com:443", want: Endpoint{Address: "private.example.com:443"}},
		{in: "10.1.2.3:443", want: Endpoint{Address: "10.1.2.3:443"}}, // TLS, with credentials
		// Plaintext anywhere but loopback is refused.
		{in: "grpc://10.1.2.3:8080", errSubstr: "only to a loopback address"},
		{in: "grpc://example.com:80", errSubstr: "only to a loopback address"},
		{in: "grpc://localhost.example.com:80", errSubstr: "only to a loopback address"},
		{in: "grpc://0.0.0.0:80", errSubstr: "only to a loopback address"},
		{in: "http://127.0.0.1:80", errSubstr: "scheme"},
		{in: "127.0.0.1", errSubstr: "HOST:PORT"},
		{in: ":8080", errSubstr: "HOST:PORT"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseEndpoint(tc.in)
			switch {
			case tc.errSubstr != "":
				if err == nil || !strings.Contains(err.Error(), tc.errSubstr) {
					t.Errorf("got %+v, %v; want an error about %q", got, err, tc.errSubstr)
				}
			case err != nil || got != tc.want:
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestDialRefusesPlaintextOffLoopback(t *testing.T) {
	t.Parallel()
	// An Endpoint built by hand, not by ParseEndpoint, is checked again.
	_, err := Dial(context.Background(), "us-central1", Endpoint{Address: "10.1.2.3:8080", Plaintext: true})
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("got %v", err)
	}
}

func TestDialWithoutCredentials(t *testing.T) {
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/credentials.json")
	_, err := Dial(context.Background(), "us-central1", Endpoint{})
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("got %v, want ErrNoCredentials", err)
	}
	for _, want := range []string{"/nonexistent/credentials.json", "gcloud auth application-default login", EndpointEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not mention %q", err, want)
		}
	}
}

func TestDialDoesNotQuoteCredentials(t *testing.T) {
	// A credentials file that is not what it should be: its contents must
	// not appear in the error.
	path := t.TempDir() + "/creds.json"
	secret := `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----SECRETSECRET", "client_email": 5}`
	if err := writeFile(path, secret); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", path)
	_, err := Dial(context.Background(), "us-central1", Endpoint{})
	if err == nil {
		t.Fatal("a broken credentials file was accepted")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("the error quotes the credentials: %v", err)
	}
}

func TestRegionalEndpoint(t *testing.T) {
	t.Parallel()
	for loc, want := range map[string]string{
		"us-central1":  "us-central1-aiplatform.googleapis.com:443",
		"europe-west4": "europe-west4-aiplatform.googleapis.com:443",
		"global":       "aiplatform.googleapis.com:443",
		"":             "aiplatform.googleapis.com:443",
	} {
		if got := RegionalEndpoint(loc); got != want {
			t.Errorf("RegionalEndpoint(%q) = %q, want %q", loc, got, want)
		}
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }
