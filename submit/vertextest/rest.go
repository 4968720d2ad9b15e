package vertextest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/genproto/googleapis/api/annotations"
	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// The REST surface is gRPC transcoding (google/api/http.proto) of the very
// services the gRPC server has: each method's route comes from the
// google.api.http annotation in its descriptor, and a request is decoded
// into the method's request message and handed to the method's gRPC
// handler through the server's interceptor, so faults, latency and the
// journal are the same over both transports.
//
// It is written here rather than taken from connectrpc.com/vanguard
// (v0.4.0, pre-1.0, being rebuilt for connect-go v2) because what Google's
// REST clients depend on is outside a generic transcoder: Google's error
// body ({"error": {"code", "message", "status", "details"}}), the system
// parameters ($alt=json;enum-encoding=int, alt, prettyPrint), and the
// long-running operations routes, which the protos do not annotate
// (Vertex AI's service configuration gives them, /v1/ and /ui/ alike).

// maxRESTBody bounds the request body the server reads, so that no client
// makes it hold an endless one; jobs and resources are kilobytes.
const maxRESTBody = 32 << 20

// restRoute is one HTTP binding of a gRPC method.
type restRoute struct {
	verb     string // HTTP method
	path     pathTemplate
	body     string // "" none, "*" the whole request, else a field of it
	method   *grpc.MethodDesc
	fullName string // "/package.Service/Method", as gRPC names it
	impl     any
}

// restHandler serves the REST routes of the services registered on it.
type restHandler struct {
	routes    []*restRoute
	intercept grpc.UnaryServerInterceptor
	// err is why the routes could not be derived, answered to every
	// request; the descriptors are linked in, so the package's tests
	// would see it first.
	err error
}

// registrar records the services registered on the gRPC server, which
// the REST routes are derived from.
type registrar struct {
	next     grpc.ServiceRegistrar
	services []registered
}

type registered struct {
	desc *grpc.ServiceDesc
	impl any
}

func (r *registrar) RegisterService(desc *grpc.ServiceDesc, impl any) {
	r.next.RegisterService(desc, impl)
	r.services = append(r.services, registered{desc, impl})
}

// operationRules are the HTTP rules of google.longrunning.Operations as
// Vertex AI serves them: on operations of a location or of a resource
// (persistentResources/ID/operations/ID), under /v1/ and under /ui/,
// which Google's client libraries poll.
func operationRules(method string) []*annotations.HttpRule {
	var rules []*annotations.HttpRule
	for _, prefix := range []string{"/v1/", "/ui/"} {
		for _, owner := range []string{"projects/*/locations/*", "projects/*/locations/*/*/*"} {
			op := prefix + "{name=" + owner + "/operations/*}"
			var r *annotations.HttpRule
			switch method {
			case "GetOperation":
				r = &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: op}}
			case "ListOperations":
				r = &annotations.HttpRule{Pattern: &annotations.HttpRule_Get{Get: prefix + "{name=" + owner + "}/operations"}}
			case "DeleteOperation":
				r = &annotations.HttpRule{Pattern: &annotations.HttpRule_Delete{Delete: op}}
			case "CancelOperation":
				r = &annotations.HttpRule{Pattern: &annotations.HttpRule_Post{Post: op + ":cancel"}}
			case "WaitOperation":
				r = &annotations.HttpRule{Pattern: &annotations.HttpRule_Post{Post: op + ":wait"}}
			}
			if r != nil {
				rules = append(rules, r)
			}
		}
	}
	return rules
}

// newRESTHandler serves the routes of services, calling their methods
// through intercept.
func newRESTHandler(services []registered, intercept grpc.UnaryServerInterceptor) *restHandler {
	routes, err := restRoutes(services)
	return &restHandler{routes: routes, intercept: intercept, err: err}
}

// restRoutes derives the routes of every unary method of services that
// has an HTTP rule.
func restRoutes(services []registered) ([]*restRoute, error) {
	var routes []*restRoute
	for _, svc := range services {
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc.desc.ServiceName))
		if err != nil {
			return nil, err
		}
		sd, ok := d.(protoreflect.ServiceDescriptor)
		if !ok {
			return nil, fmt.Errorf("%s is not a service", svc.desc.ServiceName)
		}
		for i := range svc.desc.Methods {
			m := &svc.desc.Methods[i]
			md := sd.Methods().ByName(protoreflect.Name(m.MethodName))
			if md == nil {
				return nil, fmt.Errorf("%s has no method %s", sd.FullName(), m.MethodName)
			}
			var rules []*annotations.HttpRule
			if sd.FullName() == "google.longrunning.Operations" {
				rules = operationRules(m.MethodName)
			} else if r, ok := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule); ok && r != nil {
				rules = append([]*annotations.HttpRule{r}, r.AdditionalBindings...)
			}
			for _, r := range rules {
				verb, tmpl := ruleVerb(r)
				if verb == "" {
					continue
				}
				if b := r.Body; b != "" && b != "*" {
					if fd := md.Input().Fields().ByName(protoreflect.Name(b)); fd == nil || fd.Message() == nil {
						return nil, fmt.Errorf("%s: the body %q is no message field of %s", md.FullName(), b, md.Input().FullName())
					}
				}
				pt, err := parseTemplate(tmpl)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", md.FullName(), err)
				}
				routes = append(routes, &restRoute{
					verb: verb, path: pt, body: r.Body, method: m,
					fullName: "/" + svc.desc.ServiceName + "/" + m.MethodName, impl: svc.impl,
				})
			}
		}
	}
	return routes, nil
}

func ruleVerb(r *annotations.HttpRule) (verb, template string) {
	switch p := r.Pattern.(type) {
	case *annotations.HttpRule_Get:
		return http.MethodGet, p.Get
	case *annotations.HttpRule_Post:
		return http.MethodPost, p.Post
	case *annotations.HttpRule_Patch:
		return http.MethodPatch, p.Patch
	case *annotations.HttpRule_Put:
		return http.MethodPut, p.Put
	case *annotations.HttpRule_Delete:
		return http.MethodDelete, p.Delete
	}
	return "", ""
}

// systemParams are Google's standard query parameters, which no request
// message has.
var systemParams = map[string]bool{
	"$alt": true, "alt": true, "prettyPrint": true, "$prettyPrint": true, "key": true, "fields": true, "$fields": true,
	"quotaUser": true, "access_token": true, "callback": true, "upload_protocol": true, "uploadType": true,
	// $alt=json;enum-encoding=int arrives split in two when the client
	// sends the semicolon unescaped (http.AllowQuerySemicolons).
	"enum-encoding": true,
}

func (h *restHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.err != nil {
		writeRESTError(w, status.Errorf(codes.Internal, "the REST routes: %v", h.err))
		return
	}
	query, err := parseQuery(r.URL.RawQuery)
	if err != nil {
		writeRESTError(w, status.Errorf(codes.InvalidArgument, "invalid query: %v", err))
		return
	}
	if alt := altFormat(query); alt != "json" {
		writeRESTError(w, status.Errorf(codes.InvalidArgument, "alt=%s is not served; only alt=json is", alt))
		return
	}
	enc := protojson.MarshalOptions{UseEnumNumbers: enumsAsNumbers(query)}
	path := r.URL.EscapedPath()
	var route *restRoute
	var vars map[string]string
	pathKnown := false
	for _, rt := range h.routes {
		if v, ok := rt.path.match(path); ok {
			pathKnown = true
			if rt.verb == r.Method {
				route, vars = rt, v
				break
			}
		}
	}
	if route == nil {
		if pathKnown {
			writeRESTError(w, status.Errorf(codes.Unimplemented, "method %s is not served on %s", r.Method, path))
		} else {
			writeRESTError(w, status.Errorf(codes.NotFound, "no REST route for %s %s", r.Method, path))
		}
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRESTBody))
	if err != nil {
		writeRESTError(w, status.Errorf(codes.InvalidArgument, "reading the request body: %v", err))
		return
	}
	dec := func(v any) error {
		req, ok := v.(proto.Message)
		if !ok {
			return status.Errorf(codes.Internal, "%s takes no message", route.fullName)
		}
		if err := route.decode(req, body, vars, query); err != nil {
			return status.Error(codes.InvalidArgument, err.Error())
		}
		return nil
	}
	resp, err := route.method.Handler(route.impl, r.Context(), dec, h.intercept)
	if err != nil {
		writeRESTError(w, err)
		return
	}
	msg, ok := resp.(proto.Message)
	if !ok {
		writeRESTError(w, status.Errorf(codes.Internal, "%s answered no message", route.fullName))
		return
	}
	out, err := enc.Marshal(msg)
	if err != nil {
		writeRESTError(w, status.Errorf(codes.Internal, "encoding the response: %v", err))
		return
	}
	// protojson varies its whitespace on purpose; encoding/json lays the
	// same JSON out the same way every time, for readers and for diffs.
	var laid bytes.Buffer
	if pretty(query) {
		err = json.Indent(&laid, out, "", "  ")
	} else {
		err = json.Compact(&laid, out)
	}
	if err == nil {
		out = laid.Bytes()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(append(out, '\n'))
}

// parseQuery splits a raw query by '&' alone: a value may hold a ';', as
// in "$alt=json;enum-encoding=int", which url.ParseQuery refuses.
func parseQuery(raw string) ([][2]string, error) {
	var out [][2]string
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		var err error
		if k, err = url.QueryUnescape(k); err != nil {
			return nil, err
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return nil, err
		}
		out = append(out, [2]string{k, v})
	}
	return out, nil
}

// altFormat is the response format asked for with alt or $alt: json
// unless told otherwise.
func altFormat(query [][2]string) string {
	alt := "json"
	for _, kv := range query {
		if kv[0] == "$alt" || kv[0] == "alt" {
			alt, _, _ = strings.Cut(kv[1], ";")
		}
	}
	return alt
}

// enumsAsNumbers says whether the client asked for enums as numbers, as
// Google's client libraries do with $alt=json;enum-encoding=int.
func enumsAsNumbers(query [][2]string) bool {
	for _, kv := range query {
		switch kv[0] {
		case "$alt", "alt":
			for _, p := range strings.Split(kv[1], ";")[1:] {
				if p == "enum-encoding=int" {
					return true
				}
			}
		case "enum-encoding":
			if kv[1] == "int" {
				return true
			}
		}
	}
	return false
}

// pretty says whether to indent the response, which Google does unless
// told prettyPrint=false (as its client libraries do).
func pretty(query [][2]string) bool {
	for _, kv := range query {
		if kv[0] == "prettyPrint" || kv[0] == "$prettyPrint" {
			return kv[1] != "false" && kv[1] != "0"
		}
	}
	return true
}

// decode fills req from the body, the path's variables and the query, in
// that order, as gRPC transcoding does.
func (rt *restRoute) decode(req proto.Message, body []byte, vars map[string]string, query [][2]string) error {
	in := protojson.UnmarshalOptions{}
	switch {
	case rt.body == "*":
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := in.Unmarshal(body, req); err != nil {
				return fmt.Errorf("invalid JSON payload: %v", err)
			}
		}
	case rt.body != "":
		fd := req.ProtoReflect().Descriptor().Fields().ByName(protoreflect.Name(rt.body))
		if fd == nil || fd.Message() == nil {
			return fmt.Errorf("the request has no message field %q", rt.body)
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			sub := req.ProtoReflect().Mutable(fd).Message().Interface()
			if err := in.Unmarshal(body, sub); err != nil {
				return fmt.Errorf("invalid JSON payload: %v", err)
			}
		}
	case len(strings.TrimSpace(string(body))) > 0:
		return fmt.Errorf("%s takes no request body", rt.verb)
	}
	for field, v := range vars {
		if err := setField(req.ProtoReflect(), strings.Split(field, "."), v, false); err != nil {
			return err
		}
	}
	for _, kv := range query {
		if systemParams[kv[0]] {
			continue
		}
		if rt.body == "*" {
			return fmt.Errorf("unknown name %q: cannot bind query parameter; the body holds the whole request", kv[0])
		}
		if err := setField(req.ProtoReflect(), strings.Split(kv[0], "."), kv[1], true); err != nil {
			return fmt.Errorf("query parameter %q: %v", kv[0], err)
		}
	}
	return nil
}

// setField sets the field at path (proto or JSON names) from its text.
// Query parameters may name repeated fields, appended to in turn.
func setField(m protoreflect.Message, path []string, text string, repeatedOK bool) error {
	fields := m.Descriptor().Fields()
	fd := fields.ByName(protoreflect.Name(path[0]))
	if fd == nil {
		fd = fields.ByJSONName(path[0])
	}
	if fd == nil {
		return fmt.Errorf("unknown name %q", path[0])
	}
	if len(path) > 1 {
		if fd.Message() == nil || fd.IsList() || fd.IsMap() {
			return fmt.Errorf("%q is not a message field", path[0])
		}
		return setField(m.Mutable(fd).Message(), path[1:], text, repeatedOK)
	}
	if fd.IsMap() || fd.IsList() && !repeatedOK {
		return fmt.Errorf("%q cannot be bound from a path or query", path[0])
	}
	if fd.Message() != nil {
		// Well-known types (FieldMask, Duration, Timestamp, wrappers)
		// take their JSON string form.
		if fd.IsList() {
			return fmt.Errorf("%q cannot be bound from a query", path[0])
		}
		if fd.Message().FullName() == "google.protobuf.FieldMask" {
			// Google takes a mask's paths in either case (gcloud sends
			// resource_pools, the client libraries resourcePools);
			// protojson takes lowerCamelCase only.
			paths := m.Mutable(fd).Message()
			list := paths.Mutable(paths.Descriptor().Fields().ByName("paths")).List()
			for _, p := range strings.Split(text, ",") {
				if p = strings.TrimSpace(p); p != "" {
					list.Append(protoreflect.ValueOfString(snakeCase(p)))
				}
			}
			return nil
		}
		q, _ := json.Marshal(text)
		sub := m.Mutable(fd).Message().Interface()
		if err := protojson.Unmarshal(q, sub); err != nil {
			return fmt.Errorf("%q: %v", path[0], err)
		}
		return nil
	}
	v, err := scalar(fd, text)
	if err != nil {
		return fmt.Errorf("%q: %v", path[0], err)
	}
	if fd.IsList() {
		m.Mutable(fd).List().Append(v)
	} else {
		m.Set(fd, v)
	}
	return nil
}

// snakeCase turns a lowerCamelCase field path into the proto names.
func snakeCase(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func scalar(fd protoreflect.FieldDescriptor, s string) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(s), nil
	case protoreflect.BoolKind:
		b, err := strconv.ParseBool(s)
		return protoreflect.ValueOfBool(b), err
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := strconv.ParseInt(s, 10, 32)
		return protoreflect.ValueOfInt32(int32(n)), err
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := strconv.ParseInt(s, 10, 64)
		return protoreflect.ValueOfInt64(n), err
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := strconv.ParseUint(s, 10, 32)
		return protoreflect.ValueOfUint32(uint32(n)), err
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		n, err := strconv.ParseUint(s, 10, 64)
		return protoreflect.ValueOfUint64(n), err
	case protoreflect.FloatKind:
		f, err := strconv.ParseFloat(s, 32)
		return protoreflect.ValueOfFloat32(float32(f)), err
	case protoreflect.DoubleKind:
		f, err := strconv.ParseFloat(s, 64)
		return protoreflect.ValueOfFloat64(f), err
	case protoreflect.BytesKind:
		b, err := base64.URLEncoding.DecodeString(s)
		if err != nil {
			b, err = base64.StdEncoding.DecodeString(s)
		}
		return protoreflect.ValueOfBytes(b), err
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByName(protoreflect.Name(s)); ev != nil {
			return protoreflect.ValueOfEnum(ev.Number()), nil
		}
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return protoreflect.Value{}, fmt.Errorf("no value %q in %s", s, fd.Enum().FullName())
		}
		return protoreflect.ValueOfEnum(protoreflect.EnumNumber(n)), nil
	}
	return protoreflect.Value{}, fmt.Errorf("kind %s cannot be bound", fd.Kind())
}

// httpStatus is the HTTP status of each gRPC code, as google/rpc/code.proto
// gives it.
var httpStatus = map[codes.Code]int{
	codes.OK:                 http.StatusOK,
	codes.Canceled:           499,
	codes.Unknown:            http.StatusInternalServerError,
	codes.InvalidArgument:    http.StatusBadRequest,
	codes.DeadlineExceeded:   http.StatusGatewayTimeout,
	codes.NotFound:           http.StatusNotFound,
	codes.AlreadyExists:      http.StatusConflict,
	codes.PermissionDenied:   http.StatusForbidden,
	codes.ResourceExhausted:  http.StatusTooManyRequests,
	codes.FailedPrecondition: http.StatusBadRequest,
	codes.Aborted:            http.StatusConflict,
	codes.OutOfRange:         http.StatusBadRequest,
	codes.Unimplemented:      http.StatusNotImplemented,
	codes.Internal:           http.StatusInternalServerError,
	codes.Unavailable:        http.StatusServiceUnavailable,
	codes.DataLoss:           http.StatusInternalServerError,
	codes.Unauthenticated:    http.StatusUnauthorized,
}

// restError is Google's JSON error body.
type restError struct {
	Error struct {
		Code    int               `json:"code"`
		Message string            `json:"message"`
		Status  string            `json:"status"`
		Details []json.RawMessage `json:"details,omitempty"`
	} `json:"error"`
}

func writeRESTError(w http.ResponseWriter, err error) {
	st := status.Convert(err)
	if st.Code() == codes.OK {
		st = status.New(codes.Unknown, st.Message())
	}
	var body restError
	body.Error.Code = httpStatus[st.Code()]
	if body.Error.Code == 0 {
		body.Error.Code = http.StatusInternalServerError
	}
	body.Error.Message = st.Message()
	body.Error.Status = rpccode.Code(st.Code()).String()
	for _, d := range st.Proto().GetDetails() {
		if b, err := protojson.Marshal(d); err == nil {
			body.Error.Details = append(body.Error.Details, b)
		}
	}
	out, _ := json.MarshalIndent(body, "", "  ")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(body.Error.Code)
	w.Write(append(out, '\n'))
}
