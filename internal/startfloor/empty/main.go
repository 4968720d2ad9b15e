// Command empty does nothing: the start-up of a Go program on this host.
// See package startfloor.
package main

func main() {}
