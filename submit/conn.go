// Package submit talks to Vertex AI: the connection (endpoint, TLS and
// credentials), reading persistent resources and permissions for
// `vxjob snapshot` and `vxjob lint --live`, and snapshots.
package submit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"strings"

	aiplatform "cloud.google.com/go/aiplatform/apiv1"
	"cloud.google.com/go/auth/credentials"
	admin "cloud.google.com/go/iam/admin/apiv1"
	logging "cloud.google.com/go/logging/apiv2"
	resourcemanager "cloud.google.com/go/resourcemanager/apiv3"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Endpoint says where Vertex AI is and how to reach it.
type Endpoint struct {
	Address string // HOST:PORT; "" means the regional endpoint of each location
	// Plaintext is gRPC without TLS and without credentials, for the
	// emulator. It is only ever used with a loopback address.
	Plaintext bool
	// Transport is gRPC or REST; "" is gRPC.
	Transport Transport
}

// EndpointEnv is the environment variable that --endpoint overrides.
const EndpointEnv = "VXJOB_ENDPOINT"

// ParseEndpoint reads an --endpoint value:
//
//	HOST:PORT          plaintext when HOST is a loopback address, else TLS with credentials
//	grpc://HOST:PORT   plaintext: refused unless HOST is a loopback address
//	grpcs://HOST:PORT  TLS with credentials
//
// Plaintext is refused off loopback because it would send the job
// specifications, and the credentials of any later call, unprotected.
func ParseEndpoint(s string) (Endpoint, error) {
	addr, plaintext, scheme := s, false, ""
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, addr = s[:i], s[i+3:]
		switch scheme {
		case "grpc":
			plaintext = true
		case "grpcs":
		default:
			return Endpoint{}, fmt.Errorf("endpoint %q: the scheme must be grpc:// (plaintext, loopback only) or grpcs:// (TLS), not %s://", s, scheme)
		}
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || port == "" {
		return Endpoint{}, fmt.Errorf("endpoint %q is not HOST:PORT", s)
	}
	loopback := isLoopback(host)
	if scheme == "" {
		plaintext = loopback
	}
	if plaintext && !loopback {
		return Endpoint{}, fmt.Errorf("endpoint %q: plaintext connections are allowed only to a loopback address (localhost, 127.0.0.1, ::1), where the emulator runs; use grpcs://%s for TLS", s, addr)
	}
	return Endpoint{Address: addr, Plaintext: plaintext}, nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
// Other names are not resolved: what they resolve to can change. Dial
// resolves localhost too, since a hosts file may send it elsewhere.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// RegionalEndpoint is the Vertex AI endpoint of a location. The API serves
// each region's resources from that region's host.
func RegionalEndpoint(location string) string {
	if location == "" || location == "global" {
		return "aiplatform.googleapis.com:443"
	}
	return location + "-aiplatform.googleapis.com:443"
}

// Client holds the API clients of one location, over either transport.
type Client struct {
	Jobs      JobService
	Resources ResourceService
	Projects  PermissionTester // Resource Manager
	IAM       PermissionTester
	Logs      LogService // Cloud Logging
	// Timing is how patient the Client's own methods (Resource, JobsOn,
	// ListResources, Held, Reboot, Delete) are; the zero value takes the
	// defaults, which are plan's.
	Timing Timing

	closers []func() error
}

func (c *Client) timing() Timing { return c.Timing.withDefaults() }

const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

// ErrNoCredentials is wrapped by the error Dial returns when it finds no
// Application Default Credentials.
var ErrNoCredentials = errors.New("no Google Cloud credentials")

// Dial connects to Vertex AI for location: to ep when it has an address,
// else to the location's regional endpoint (and Resource Manager's and
// IAM's own), over TLS with Application Default Credentials.
func Dial(ctx context.Context, location string, ep Endpoint) (*Client, error) {
	return dial(ctx, location, ep, net.DefaultResolver.LookupNetIP)
}

// lookupIP resolves a host name, as net.Resolver.LookupNetIP does.
type lookupIP func(ctx context.Context, network, host string) ([]netip.Addr, error)

func dial(ctx context.Context, location string, ep Endpoint, lookup lookupIP) (*Client, error) {
	if ep.Transport == REST {
		return dialREST(ctx, location, ep, lookup)
	}
	if ep.Plaintext {
		target, err := loopbackTarget(ctx, ep.Address, lookup)
		if err != nil {
			return nil, err
		}
		// The address, not the name: resolved again, the name could
		// lead elsewhere.
		conn, err := grpc.NewClient("passthrough:///"+target, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return nil, fmt.Errorf("endpoint %s: %w", ep.Address, err)
		}
		return NewClient(ctx, conn)
	}
	creds, err := credentials.DetectDefault(&credentials.DetectOptions{Scopes: []string{cloudPlatformScope}})
	if err != nil {
		return nil, credentialsError(err)
	}
	c, err := newClient(ctx, RegionalEndpoint(location), func(def string) []option.ClientOption {
		addr := ep.Address
		if addr == "" {
			addr = def
		}
		opts := []option.ClientOption{option.WithAuthCredentials(creds)}
		if addr != "" {
			opts = append(opts, option.WithEndpoint(addr))
		}
		return opts
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// loopbackTarget is the address that a plaintext connection to addr
// (HOST:PORT) dials: HOST itself when it is a loopback IP address, else
// the first address HOST resolves to, when every one it resolves to is a
// loopback address. Anything else is refused: plaintext would send the
// job specifications unprotected off the machine.
func loopbackTarget(ctx context.Context, addr string, lookup lookupIP) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("endpoint %q is not HOST:PORT", addr)
	}
	refuse := func(why string) error {
		return fmt.Errorf("endpoint %s: plaintext connections are allowed only to a loopback address, and %s", addr, why)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !ip.IsLoopback() {
			return "", refuse(host + " is not one")
		}
		return addr, nil
	}
	if !isLoopback(host) {
		return "", refuse(host + " is not one")
	}
	ips, err := lookup(ctx, "ip", host)
	if err != nil {
		return "", fmt.Errorf("endpoint %s: resolving %s: %w", addr, host, err)
	}
	if len(ips) == 0 {
		return "", fmt.Errorf("endpoint %s: %s resolves to no address", addr, host)
	}
	var off []string
	for _, ip := range ips {
		if !ip.IsLoopback() {
			off = append(off, ip.String())
		}
	}
	if len(off) > 0 {
		return "", refuse(fmt.Sprintf("%s resolves to %s (see the hosts file); use 127.0.0.1 or [::1]", host, strings.Join(off, ", ")))
	}
	return net.JoinHostPort(ips[0].Unmap().WithZone("").String(), port), nil
}

// NewClient makes a Client whose clients all use conn, without
// credentials: the emulator's connection, or vertextest's in tests. Close
// closes conn.
func NewClient(ctx context.Context, conn *grpc.ClientConn) (*Client, error) {
	c, err := newClient(ctx, "", func(string) []option.ClientOption { return []option.ClientOption{option.WithGRPCConn(conn)} })
	if err != nil {
		conn.Close()
		return nil, err
	}
	// The clients share conn, which is closed once, here.
	c.closers = []func() error{conn.Close}
	return c, nil
}

// newClient makes the four clients with the options that opts gives for
// each one's endpoint: aiEndpoint for the aiplatform clients, "" (their
// libraries' default) for Resource Manager, IAM and Cloud Logging.
func newClient(ctx context.Context, aiEndpoint string, opts func(endpoint string) []option.ClientOption) (*Client, error) {
	ai := aiEndpoint
	jobs, err := aiplatform.NewJobClient(ctx, opts(ai)...)
	if err != nil {
		return nil, fmt.Errorf("connecting to Vertex AI: %w", err)
	}
	resources, err := aiplatform.NewPersistentResourceClient(ctx, opts(ai)...)
	if err != nil {
		return nil, fmt.Errorf("connecting to Vertex AI: %w", err)
	}
	projects, err := resourcemanager.NewProjectsClient(ctx, opts("")...)
	if err != nil {
		return nil, fmt.Errorf("connecting to Resource Manager: %w", err)
	}
	iam, err := admin.NewIamClient(ctx, opts("")...)
	if err != nil {
		return nil, fmt.Errorf("connecting to IAM: %w", err)
	}
	logs, err := logging.NewClient(ctx, opts("")...)
	if err != nil {
		return nil, fmt.Errorf("connecting to Cloud Logging: %w", err)
	}
	return &Client{
		Jobs:      grpcJobs{jobs},
		Resources: grpcResources{resources},
		Projects:  grpcPermissions{projects},
		IAM:       grpcPermissions{iam},
		Logs:      grpcLogs{logs},
		closers:   []func() error{jobs.Close, resources.Close, projects.Close, iam.Close, logs.Close},
	}, nil
}

// Close closes the connections.
func (c *Client) Close() error {
	var errs []error
	for _, f := range c.closers {
		errs = append(errs, f())
	}
	return errors.Join(errs...)
}

// credentialsError explains a failure to find credentials. It names files
// but never quotes what is in them.
func credentialsError(err error) error {
	var pe *fs.PathError
	detail := err.Error()
	switch {
	case errors.As(err, &pe):
		detail = fmt.Sprintf("%s: %v", pe.Path, pe.Err)
	case strings.Contains(detail, "could not find default credentials"):
		detail = "none were found"
	}
	return fmt.Errorf("%w (%s): run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to a credentials file; for the emulator, give --endpoint or %s", ErrNoCredentials, detail, EndpointEnv)
}
