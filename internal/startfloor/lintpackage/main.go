// Command lintpackage does nothing but link vxjob's lint package and what
// it imports, so that their package initialisation runs. See package
// startfloor.
package main

import _ "github.com/vxjob/vxjob/lint"

func main() {}
