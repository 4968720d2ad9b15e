package vertextest

import (
	"path"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// interceptStream is the server's stream interceptor: for a stream
// (TailLogEntries), what intercept does for a call. The fault is picked
// on the stream's first request, so that a Fault's Match sees it. Reject
// and CommitThenFail (a read commits nothing) end the stream with the
// fault's error before anything is sent; Delay waits before serving it.
// The journal records the stream when it ends, with its first request
// and the code it ended with.
func (s *Server) interceptStream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	method := path.Base(info.FullMethod)
	if s.opts.Latency > 0 {
		time.Sleep(s.opts.Latency)
	}
	call := Call{Method: method, At: s.clock.Now()}
	ps := &peekedStream{ServerStream: ss}
	if ps.first = newRequest(info.FullMethod); ps.first != nil {
		ps.err = ss.RecvMsg(ps.first)
	}
	var err error
	var f *Fault
	if ps.err == nil {
		f = s.faults.pick(method, ps.first)
	}
	switch {
	case f == nil || f.Mode == Delay:
		if f != nil {
			time.Sleep(f.Delay)
		}
		err = handler(srv, ps)
		call.Committed = true
	default:
		err = status.Error(f.Code, f.Message)
	}
	if f != nil {
		call.Fault = f.Mode
	}
	err = clipMessage(err)
	call.Code = status.Code(err)
	if ps.err == nil {
		call = withRequest(call, ps.first)
	}
	s.mu.Lock()
	s.journal.record(call)
	s.mu.Unlock()
	if s.opts.Logf != nil {
		s.opts.Logf("%s: %s (stream)", method, call.Code)
	}
	return err
}

// newRequest is an empty request of the stream method fullMethod
// ("/pkg.Service/Method"), from the protos' registry, or nil.
func newRequest(fullMethod string) proto.Message {
	name := protoreflect.FullName(strings.ReplaceAll(strings.TrimPrefix(fullMethod, "/"), "/", "."))
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		return nil
	}
	md, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return nil
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
	if err != nil {
		return nil
	}
	return mt.New().Interface()
}

// peekedStream is a stream whose first request the interceptor has read:
// the handler's first RecvMsg gets it.
type peekedStream struct {
	grpc.ServerStream
	first proto.Message
	err   error
	given bool
}

func (p *peekedStream) RecvMsg(m any) error {
	if p.first == nil || p.given {
		return p.ServerStream.RecvMsg(m)
	}
	p.given = true
	if p.err != nil {
		return p.err
	}
	proto.Merge(m.(proto.Message), p.first)
	return nil
}
