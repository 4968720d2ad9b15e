package listfilter

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// testJobs are the jobs the match cases filter, in the order the cases
// list the ones they expect.
var testJobs = []struct {
	name string
	job  *aiplatformpb.CustomJob
}{
	{"train", &aiplatformpb.CustomJob{
		DisplayName: "my_job_train",
		State:       aiplatformpb.JobState_JOB_STATE_SUCCEEDED,
		CreateTime:  timestamp("2021-05-18T10:00:00Z"),
		Labels:      map[string]string{"team": "nlp", "env": "prod"},
	}},
	{"eval", &aiplatformpb.CustomJob{
		DisplayName: "my_job_eval",
		State:       aiplatformpb.JobState_JOB_STATE_FAILED,
		CreateTime:  timestamp("2021-05-17T00:00:00Z"),
		Labels:      map[string]string{"team": "vision", "a key": `say "hi"\`},
	}},
	// adhoc has neither a create time nor labels.
	{"adhoc", &aiplatformpb.CustomJob{
		DisplayName: "adhoc",
		State:       aiplatformpb.JobState_JOB_STATE_RUNNING,
	}},
}

func timestamp(s string) *timestamppb.Timestamp {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return timestamppb.New(t)
}

// matchCases give a filter and the names of the testJobs it matches.
var matchCases = []struct {
	filter string
	want   string
}{
	// The empty filter.
	{``, "train eval adhoc"},
	{" \t\n ", "train eval adhoc"},

	// display_name
	{`display_name="my_job_train"`, "train"},
	{`display_name=adhoc`, "adhoc"},
	{`display_name="my_job"`, ""},
	{`display_name!="my_job_train"`, "eval adhoc"},
	{`display_name:"my_job_*"`, "train eval"},
	{`display_name:"*_eval"`, "eval"},
	{`display_name:"*job*"`, "train eval"},
	{`display_name:"my*t*n"`, "train"},
	{`display_name:"my_job_train*"`, "train"},
	{`display_name:"*"`, "train eval adhoc"},
	{`display_name:"my_job"`, ""},
	{`display_name:"my_job_train"`, "train"},
	{`display_name:"my_job_train_*"`, ""},

	// state
	{`state=JOB_STATE_SUCCEEDED`, "train"},
	{`state="JOB_STATE_FAILED"`, "eval"},
	{`state = 'JOB_STATE_RUNNING'`, "adhoc"},
	{`state=JOB_STATE_QUEUED`, ""},
	{`state!=JOB_STATE_RUNNING`, "train eval"},
	{`state!=JOB_STATE_FAILED`, "train adhoc"},

	// create_time; adhoc has none, so only != matches it.
	{`create_time="2021-05-18T10:00:00Z"`, "train"},
	{`create_time="2021-05-18T12:00:00+02:00"`, "train"},
	{`create_time!="2021-05-18T10:00:00Z"`, "eval adhoc"},
	{`create_time<"2021-05-18T10:00:00Z"`, "eval"},
	{`create_time<="2021-05-18T10:00:00Z"`, "train eval"},
	{`create_time>"2021-05-17T00:00:00Z"`, "train"},
	{`create_time>="2021-05-17T00:00:00Z"`, "train eval"},
	{`create_time>"2021-05-18T10:00:00.000000001Z"`, ""},
	{`create_time<"2021-05-18T10:00:00.000000001Z"`, "train eval"},

	// labels
	{`labels.team=nlp`, "train"},
	{`labels.team="vision"`, "eval"},
	{`labels.team=NLP`, ""},
	{`labels.team!=nlp`, "eval adhoc"},
	{`labels.missing!=x`, "train eval adhoc"},
	{`labels.env:*`, "train"},
	{`labels.env:"*"`, "train"},
	{`labels.missing:*`, ""},
	{`labels."team"=nlp`, "train"},
	{`labels."a key"="say \"hi\"\\"`, "eval"},
	{`labels.'a key'='say "hi"\\'`, "eval"},
	{`labels.'a key':*`, "eval"},

	// White space around operators.
	{`labels.team = "nlp"`, "train"},
	{"labels.team\t=\nnlp", "train"},

	// NOT and -
	{`NOT display_name="my_job_train"`, "eval adhoc"},
	{`-labels.env:*`, "eval adhoc"},
	{`NOT create_time<"2022-01-01T00:00:00Z"`, "adhoc"},
	{`NOT (state=JOB_STATE_SUCCEEDED OR state=JOB_STATE_FAILED)`, "adhoc"},
	{`-(labels.team=nlp)`, "eval adhoc"},
	{`NOT (NOT labels.env:*)`, "train"},

	// AND, OR, and AND by juxtaposition.
	{`labels.team:* AND state=JOB_STATE_FAILED`, "eval"},
	{`state=JOB_STATE_FAILED OR state=JOB_STATE_RUNNING`, "eval adhoc"},
	{`labels.team:* state!=JOB_STATE_FAILED`, "train"},
	{`display_name:"my_*" -labels.env:* state=JOB_STATE_FAILED`, "eval"},

	// OR binds tighter than AND, and than juxtaposition. Were it the other
	// way round, these would match train too.
	{`display_name="adhoc" AND state=JOB_STATE_RUNNING OR state=JOB_STATE_SUCCEEDED`, "adhoc"},
	{`state=JOB_STATE_SUCCEEDED OR state=JOB_STATE_RUNNING AND display_name="adhoc"`, "adhoc"},
	{`display_name="adhoc" state=JOB_STATE_RUNNING OR state=JOB_STATE_SUCCEEDED`, "adhoc"},

	// Parentheses
	{`(display_name="adhoc" AND state=JOB_STATE_RUNNING) OR state=JOB_STATE_SUCCEEDED`, "train adhoc"},
	{`((labels.team=nlp))`, "train"},
	{`(state=JOB_STATE_FAILED)(labels.team=vision)`, "eval"},
	{`(labels.team=nlp OR labels.team=vision) AND (NOT create_time>"2021-05-18T00:00:00Z")`, "eval"},
}

func TestMatch(t *testing.T) {
	for _, tc := range matchCases {
		f, err := Parse(tc.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.filter, err)
			continue
		}
		var got []string
		for _, j := range testJobs {
			if f.Match(j.job) {
				got = append(got, j.name)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("Parse(%q) matches [%s], want [%s]", tc.filter, strings.Join(got, " "), tc.want)
		}
	}
}

var stringCases = []struct {
	filter string
	want   string
}{
	{``, ``},
	{`display_name = my_job`, `display_name="my_job"`},
	{`state='JOB_STATE_RUNNING'`, `state=JOB_STATE_RUNNING`},
	{`state=JOB_STATE_RUNNING AND display_name="x" OR display_name="y"`,
		`(state=JOB_STATE_RUNNING AND (display_name="x" OR display_name="y"))`},
	{`labels.a:* labels.b:* AND labels.c:*`, `(labels.a:* AND labels.b:* AND labels.c:*)`},
	{`(labels.a:* OR labels.b:*) OR labels.c:*`, `(labels.a:* OR labels.b:* OR labels.c:*)`},
	{`labels.a:* (labels.b:* labels.c:*)`, `(labels.a:* AND labels.b:* AND labels.c:*)`},
	{`((labels.a:*))`, `labels.a:*`},
	{`NOT state=JOB_STATE_RUNNING`, `(NOT state=JOB_STATE_RUNNING)`},
	{`-state=JOB_STATE_RUNNING`, `(NOT state=JOB_STATE_RUNNING)`},
	{`NOT (NOT labels.a:*)`, `(NOT (NOT labels.a:*))`},
	{`labels.team:"*"`, `labels.team:*`},
	{`labels."a key"='it\'s'`, `labels."a key"="it's"`},
	{`labels.AND=1`, `labels."AND"="1"`},
	{`labels."-x"=1`, `labels."-x"="1"`},
	{`labels.nlp-core!=x`, `labels.nlp-core!="x"`},
	{`labels.v=1.5`, `labels.v="1.5"`},
	{`labels.v=-1`, `labels.v="-1"`},
	{`display_name:"a\\b\"c*"`, `display_name:"a\\b\"c*"`},
	{`create_time>"2021-05-18T00:00:00.500+02:00"`, `create_time>"2021-05-18T00:00:00.5+02:00"`},
}

func TestString(t *testing.T) {
	for _, tc := range stringCases {
		f, err := Parse(tc.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.filter, err)
			continue
		}
		if got := f.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %s, want %s", tc.filter, got, tc.want)
		}
	}
}

// errorCases give an invalid filter, the column the error must name, and
// text it must contain.
var errorCases = []struct {
	filter string
	column int
	want   string
}{
	// Fields
	{`display_name="x" AND job_spec.persistent_resource_id="y"`, 22, `unknown field "job_spec.persistent_resource_id"; filterable fields are display_name, state, create_time, labels.KEY`},
	{`name="projects/p/locations/l/customJobs/1"`, 1, `unknown field "name"`},
	{`displayName="x"`, 1, `unknown field "displayName"`},
	{`labels=x`, 1, `labels needs a key`},
	{`labels:*`, 1, `labels needs a key`},
	{`labels.a.b=1`, 10, `a label key is one word or string`},
	{`labels.""=1`, 8, `empty label key`},
	{`labels.=1`, 8, `expected a name after ".", found "="`},
	{`"state"=JOB_STATE_RUNNING`, 1, `expected a restriction, found string "state"`},

	// Operators
	{`display_name`, 13, `expected one of = != : after display_name, found end of filter`},
	{`labels.a:* state`, 17, `expected one of = != after state`},
	{`=JOB_STATE_RUNNING`, 1, `expected a restriction, found "="`},
	{`state!JOB_STATE_RUNNING`, 6, `unexpected "!"`},
	{`display_name>"a"`, 13, `display_name does not support ">"; its operators are = != :`},
	{`state:JOB_STATE_RUNNING`, 6, `state does not support ":"`},
	{`state<=JOB_STATE_RUNNING`, 6, `state does not support "<="`},
	{`create_time:"2021-05-18T00:00:00Z"`, 12, `create_time does not support ":"; its operators are = != < <= > >=`},
	{`labels.a<b`, 9, `labels.a does not support "<"`},
	{`labels."a key">x`, 15, `labels."a key" does not support ">"`},

	// Values
	{`state=`, 7, `expected a value after "=", found end of filter`},
	{`state= AND labels.a:*`, 8, `expected a value after "=", found AND`},
	{`state==JOB_STATE_RUNNING`, 7, `expected a value after "=", found "="`},
	{`state=(JOB_STATE_RUNNING)`, 7, `expected a value after "=", found "("`},
	{`state=RUNNING`, 7, `unknown state "RUNNING"; the states are JOB_STATE_UNSPECIFIED, JOB_STATE_QUEUED,`},
	{`state=job_state_running`, 7, `unknown state "job_state_running"`},
	{`create_time>"2021-05-18"`, 13, `create_time value "2021-05-18" is not an RFC 3339 timestamp`},
	{`create_time>2021-05-18T00:00:00Z`, 13, `create_time value "2021-05-18T00" is not an RFC 3339 timestamp such as "2021-05-18T00:00:00Z"; timestamps must be quoted`},
	{`labels.a:b`, 10, `labels.a:"b" is not supported; labels.a:* tests that the label exists`},
	{`labels.a:"b*"`, 10, `labels.a:"b*" is not supported`},

	// Strings
	{`display_name="abc`, 14, `string starting here has no closing "`},
	{`display_name='abc"`, 14, `string starting here has no closing '`},
	{`display_name="abc\`, 14, `no closing "`},
	{`display_name="a\nb"`, 16, `unknown escape: backslash followed by 'n'`},

	// Structure
	{`(state=JOB_STATE_RUNNING`, 1, `"(" without a matching ")"`},
	{`labels.a:* (labels.b:* OR (labels.c:*)`, 12, `"(" without a matching ")"`},
	{`state=JOB_STATE_RUNNING)`, 24, `")" without a matching "("`},
	{`()`, 1, `empty parentheses`},
	{`labels.a:* AND ()`, 16, `empty parentheses`},
	{`state=JOB_STATE_RUNNING AND`, 28, `expected a restriction after AND, found end of filter`},
	{`state=JOB_STATE_RUNNING OR`, 27, `expected a restriction after OR, found end of filter`},
	{`state=JOB_STATE_RUNNING AND OR labels.a:*`, 29, `expected a restriction after AND, found OR`},
	{`AND state=JOB_STATE_RUNNING`, 1, `expected a restriction, found AND`},
	{`NOT`, 4, `expected a restriction after NOT, found end of filter`},
	{`labels.a:* -`, 13, `expected a restriction after "-", found end of filter`},
	{`NOT NOT labels.a:*`, 5, `expected a restriction after NOT, found NOT`},
	{`labels.a:* "x"`, 12, `expected a restriction, found string "x"`},
	{`display_name=AND`, 14, `expected a value after "=", found AND`},
	{strings.Repeat("(", 101) + "labels.a:*" + strings.Repeat(")", 101), 101, `parentheses nested more than 100 deep`},
}

func TestParseErrors(t *testing.T) {
	for _, tc := range errorCases {
		f, err := Parse(tc.filter)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want an error", tc.filter, f)
			continue
		}
		prefix := fmt.Sprintf("filter: at column %d: ", tc.column)
		if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tc.want) {
			t.Errorf("Parse(%q) error:\n%s\nwant it to start %q and contain %q", tc.filter, msg, prefix, tc.want)
		}
	}
}

func TestDeepestNesting(t *testing.T) {
	s := strings.Repeat("(", maxDepth) + "labels.a:*" + strings.Repeat(")", maxDepth)
	if _, err := Parse(s); err != nil {
		t.Errorf("Parse(%d nested parentheses): %v", maxDepth, err)
	}
}

func TestNilAndEmptyFilterMatchEverything(t *testing.T) {
	var f *Filter
	if !f.Match(testJobs[0].job) || f.String() != "" {
		t.Errorf("nil Filter: Match = false or String = %q, want true and \"\"", f.String())
	}
	f, err := Parse("")
	if err != nil {
		t.Fatal(err)
	}
	if !f.Match(&aiplatformpb.CustomJob{}) || !f.Match(nil) {
		t.Error(`Parse("") does not match an empty or nil job`)
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"a*", "a", true},
		{"*a", "a", true},
		{"a*a", "a", false}, // prefix and suffix may not overlap
		{"a*a", "aa", true},
		{"a**b", "ab", true},
		{"*ab*ab*", "xabyab", true},
		{"*ab*ab*", "xaby", false},
		{"a.b", "axb", false}, // only * is special
		{"a?", "ab", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// FuzzParse checks that Parse does not panic, that its errors name a
// column and are UTF-8, and that the canonical form of a filter parses
// back to itself and matches the same jobs.
func FuzzParse(f *testing.F) {
	for _, tc := range matchCases {
		f.Add(tc.filter)
	}
	for _, tc := range stringCases {
		f.Add(tc.filter)
	}
	for _, tc := range errorCases {
		f.Add(tc.filter)
	}
	f.Fuzz(func(t *testing.T, s string) {
		f1, err := Parse(s)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "filter: at column ") || !utf8.ValidString(msg) {
				t.Fatalf("Parse(%q) error %q has no column or is not UTF-8", s, msg)
			}
			return
		}
		canon := f1.String()
		f2, err := Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) has canonical form %s, which does not parse: %v", s, canon, err)
		}
		if again := f2.String(); again != canon {
			t.Fatalf("Parse(%q) has canonical form\n%s\nwhose canonical form is\n%s", s, canon, again)
		}
		for _, j := range testJobs {
			if f1.Match(j.job) != f2.Match(j.job) {
				t.Fatalf("Parse(%q) and its canonical form %s disagree on job %s", s, canon, j.name)
			}
		}
	})
}

// A filter of megabytes is refused before it is read: its lex and parse
// once held the server's lock for minutes.
func TestParseRefusesLongFilters(t *testing.T) {
	long := strings.Repeat(`labels.a="b" OR `, 4_000_000/16) + `labels.a="b"`
	// The allocation is counted for the whole process, so the least of
	// three tries is taken: another goroutine's allocations (the test
	// runner's, under load) then cannot fail the test.
	least := uint64(math.MaxUint64)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Parse(long)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "filters are at most 8192") {
			t.Fatalf("Parse(%d bytes) = %v, want it refused", len(long), err)
		}
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	if least > 4<<10 {
		t.Errorf("refusing it allocated %d bytes", least)
	}
	// One at the limit is read.
	ok := strings.Repeat(" ", MaxLen-len(`labels.a="b"`)) + `labels.a="b"`
	if _, err := Parse(ok); err != nil {
		t.Errorf("Parse(%d bytes): %v", len(ok), err)
	}
}
