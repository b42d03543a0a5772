package model

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var policyNow = time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)

func TestDecodePolicy(t *testing.T) {
	def := DefaultPolicy(MonthOf(2026, 9))
	tests := []struct {
		name string
		toml string
		want func(p *Policy)
	}{
		{name: "empty keeps defaults", toml: "", want: func(p *Policy) {}},
		{name: "plan date string", toml: `plan_date = "2027-09-01"`, want: func(p *Policy) { p.PlanDate = MonthOf(2027, 9) }},
		{name: "plan date month", toml: `plan_date = "2027-02"`, want: func(p *Policy) { p.PlanDate = MonthOf(2027, 2) }},
		{name: "plan date TOML date", toml: `plan_date = 2028-09-01`, want: func(p *Policy) { p.PlanDate = MonthOf(2028, 9) }},
		{name: "plan date TOML datetime", toml: `plan_date = 2028-03-01T08:00:00Z`, want: func(p *Policy) { p.PlanDate = MonthOf(2028, 3) }},
		{
			name: "top-level keys",
			toml: `
rotation_rate = 0.15
backbone_share = 0.25
min_years_at_school = 9
exclude_years_to_retirement = 3.5
include_principals = true
max_distance_km = 30
max_outflow_share = 0.1
max_inflow_share = 0.4
min_inflow_cap = 3
road_factor = 1.5
scope_min_students = 40
stint_years = 2.0
`,
			want: func(p *Policy) {
				p.RotationRate, p.BackboneShare, p.MinYearsAtSchool = 0.15, 0.25, 9
				p.ExcludeYearsToRetirement, p.IncludePrincipals, p.MaxDistanceKm = 3.5, true, 30
				p.MaxOutflowShare, p.MaxInflowShare, p.MinInflowCap = 0.1, 0.4, 3
				p.RoadFactor, p.ScopeMinStudents, p.StintYears = 1.5, 40, 2
			},
		},
		{
			name: "tables",
			toml: `
[retirement_age]
male = 63
female = 58
[qualification]
primary = "本科"
junior = "master"
[thresholds.primary]
qualified = 4.5
multimedia_rooms = 3
[thresholds.junior]
backbone = 1.2
[cv_limit]
junior = 0.4
[teaching_load]
primary = 16
[periods.junior]
math = 4.5
psychology = 1
[weights]
hard = 1e6
per_km = 2
graduating_class = 0
`,
			want: func(p *Policy) {
				p.RetirementAge, p.FixedRetirementAge = [2]int{63, 58}, true
				p.Qualification = [NumStages]Education{Bachelor, Master}
				p.Thresholds[Primary][Qualified], p.Thresholds[Primary][Multimedia] = 4.5, 3
				p.Thresholds[Junior][BackboneI] = 1.2
				p.CVLimit[Junior] = 0.4
				p.TeachingLoad[Primary] = 16
				p.Periods[Junior][Math], p.Periods[Junior][Psychology] = 4.5, 1
				p.Weights.Hard, p.Weights.PerKm, p.Weights.GraduatingClass = 1e6, 2, 0
			},
		},
		{
			name: "dotted keys and inline tables",
			toml: `
weights.move = 5
retirement_age = { male = 62, female = 56 }
`,
			want: func(p *Policy) { p.Weights.Move, p.RetirementAge, p.FixedRetirementAge = 5, [2]int{62, 56}, true },
		},
		{name: "BOM", toml: "\ufeffrotation_rate = 0.2", want: func(p *Policy) { p.RotationRate = 0.2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := DecodePolicy("policy.toml", []byte(tt.toml), policyNow)
			assert.Empty(t, probs)
			want := def
			tt.want(&want)
			assert.Equal(t, want, got)
		})
	}
}

// policyProblemCase is a policy.toml text and the first problem it gives.
type policyProblemCase struct {
	name     string
	toml     string
	severity Severity
	line     int
	column   string
	message  string // a substring of the message
}

// testPolicyProblems decodes each case and checks its first problem: its
// severity, file, line, column and message; with only, it must be the
// case's one problem.
func testPolicyProblems(t *testing.T, tests []policyProblemCase, only bool) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := DecodePolicy("policy.toml", []byte(tt.toml), policyNow)
			if only {
				require.Len(t, probs, 1, "got problems:\n%s", problemList(probs))
			} else {
				require.NotEmpty(t, probs)
			}
			p := probs[0]
			assert.Equal(t, tt.severity, p.Severity, "got %s, want %s: %s", p.Severity, tt.severity, p)
			assert.Equal(t, "policy.toml", p.File)
			assert.Equal(t, tt.line, p.Line, "got line %d, want %d: %s", p.Line, tt.line, p)
			assert.Equal(t, tt.column, p.Column)
			assert.Contains(t, p.Message, tt.message)
		})
	}
}

func TestDecodePolicyProblems(t *testing.T) {
	tests := []policyProblemCase{
		{"syntax error", "rotation_rate = 0.1\nbackbone_share = = 2\n", Error, 2, "", "column"},
		{"bad table name", "[weights x]\nhard = 1\n", Error, 1, "", "invalid TOML"},
		{"duplicate key", "rotation_rate = 0.1\nrotation_rate = 0.2\n", Error, 2, "", "invalid TOML"},
		{"unknown key", "rotation_rate = 0.1\nrotaton_rate = 0.2\n", Warning, 2, "rotaton_rate", "unknown key rotaton_rate"},
		{"unknown table key", "[weights]\nhard = 1\nsoft = 2\n", Warning, 3, "weights.soft", "unknown key"},
		{"unknown subject", "[periods.primary]\nmath = 4\ndance = 1\n", Warning, 3, "periods.primary.dance", "unknown key"},
		{"unknown stage", "[cv_limit]\nsenior = 0.3\n", Warning, 2, "cv_limit.senior", "unknown key"},
		{"unknown table", "[extras]\na = 1\n", Warning, 1, "extras", "unknown key"},
		{"out of range", "# comment\n\nrotation_rate = 1.5\n", Error, 3, "rotation_rate", "from 0 to 1"},
		{"out of range in table", "[retirement_age]\nmale = 60\nfemale = 30\n", Error, 3, "retirement_age.female", "age"},
		{"out of range dotted", "thresholds.junior.qualified = -1\n", Error, 1, "thresholds.junior.qualified", "> 0"},
		{"negative weight", "[weights]\n  per_km = -1  # no\n", Error, 2, "weights.per_km", "want a number from 0 to"},
		{"wrong type", "max_distance_km = \"far\"\n", Error, 1, "max_distance_km", `got "far", want a number`},
		{"fractional integer", "min_inflow_cap = 2.5\n", Error, 1, "min_inflow_cap", "want an integer"},
		{"table expected", "weights = 3\n", Error, 1, "weights", "want a table"},
		{"bool expected", "include_principals = 3\n", Error, 1, "include_principals", "true or false"},
		{"bad plan date", "plan_date = \"2026-13\"\n", Error, 1, "plan_date", "YYYY-MM"},
		{"bad plan date type", "plan_date = 2026\n", Error, 1, "plan_date", "date"},
		{"bad education", "[qualification]\nprimary = \"phd student\"\n", Error, 2, "qualification.primary", "want one of"},
		{"inline table key", "retirement_age = { male = 90 }\n", Error, 1, "retirement_age.male", "age"},
	}
	testPolicyProblems(t, tests, false)
}

func TestDecodePolicyCollectsAll(t *testing.T) {
	_, probs := DecodePolicy("policy.toml", []byte(`
rotation_rate = 2
backbone_share = "x"
stint_years = 0
typo = 1
[weights]
hard = -5
`), policyNow)
	got := map[string]Severity{}
	for _, p := range probs {
		got[p.Column] = p.Severity
	}
	want := map[string]Severity{
		"rotation_rate": Error, "backbone_share": Error, "stint_years": Error, "typo": Warning, "weights.hard": Error,
	}
	assert.Equal(t, want, got)
}

func TestDecodePolicyDefaultPlanDate(t *testing.T) {
	p, probs := DecodePolicy("policy.toml", nil, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC))
	assert.Empty(t, probs)
	assert.Equal(t, MonthOf(2026, 9), p.PlanDate)
}

func TestApplyPolicyKeepsBase(t *testing.T) {
	base := DefaultPolicy(MonthOf(2030, 9))
	base.RotationRate = 0.12
	probs := ApplyPolicy(&base, "scenario.toml", []byte("min_years_at_school = 9\n"))
	assert.Empty(t, probs)
	assert.Equal(t, MonthOf(2030, 9), base.PlanDate)
	assert.Equal(t, 0.12, base.RotationRate)
	assert.Equal(t, 9.0, base.MinYearsAtSchool)
}

func TestEncodePolicyRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() Policy {
		p := DefaultPolicy(MonthOf(2020+rng.IntN(10), 1+rng.IntN(12)))
		p.RotationRate = rng.Float64()
		p.BackboneShare = rng.Float64()
		p.MinYearsAtSchool = float64(rng.IntN(12)) + 0.5
		p.RetirementAge, p.FixedRetirementAge = [2]int{55 + rng.IntN(10), 50 + rng.IntN(10)}, true
		p.Documents = Documents{CountyName: "顺林县", IssuingUnit: `顺林县教育局 "人事股"`, StintText: "2026年9月至2029年8月",
			Kind: "交流轮岗", NoticeDays: rng.IntN(10), ObjectionContact: "县教育局人事股 0731-1234567"}
		p.ExcludeYearsToRetirement = rng.Float64() * 10
		p.IncludePrincipals = rng.IntN(2) == 0
		p.MaxDistanceKm = rng.Float64() * 1000
		p.MaxOutflowShare, p.MaxInflowShare = rng.Float64(), rng.Float64()
		p.MinInflowCap, p.ScopeMinStudents, p.StintYears = rng.IntN(5), rng.IntN(100), 1+rng.IntN(5)
		p.RoadFactor = 1 + rng.Float64()
		p.Qualification = [NumStages]Education{Education(rng.IntN(6)), Education(rng.IntN(6))}
		for st := range NumStages {
			for i := range NumIndicators {
				p.Thresholds[st][i] = rng.Float64()*100 + 1e-7
			}
			for s := range NumSubjects {
				p.Periods[st][s] = rng.Float64() * 20
			}
			p.CVLimit[st] = 0.01 + rng.Float64()
			p.TeachingLoad[st] = 1 + rng.Float64()*30
		}
		p.Weights = Weights{Hard: rng.Float64() * maxWeight, Medium: rng.Float64() * 1e-6, Move: maxWeight,
			PerKm: rng.Float64(), NonVolunteer: 0, GraduatingClass: 30}
		return p
	}
	tests := []struct {
		name string
		p    Policy
	}{
		{"defaults", DefaultPolicy(MonthOf(2026, 9))},
		{"random 1", random()},
		{"random 2", random()},
		{"random 3", random()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, EncodePolicy(&buf, tt.p))
			got, probs := DecodePolicy("policy.toml", buf.Bytes(), policyNow)
			assert.Empty(t, probs, "decoding:\n%s", buf.String())
			assert.Equal(t, tt.p, got)
			// Every key of the file is written.
			for _, key := range []string{"plan_date", "stint_years", "[retirement_age]", "[qualification]",
				"[thresholds.primary]", "[thresholds.junior]", "[cv_limit]", "[teaching_load]",
				"[periods.primary]", "[periods.junior]", "[weights]", "graduating_class", "psychology", "multimedia_rooms"} {
				assert.Contains(t, buf.String(), key)
			}
		})
	}
}

func TestTOMLFloat(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {0.1, "0.1"}, {100000, "100000.0"}, {1e20, "1e+20"}, {1.5e-7, "1.5e-07"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := tomlFloat(tt.v)
			assert.Equal(t, tt.want, got, "got %s, want %s", got, tt.want)
		})
	}
}

func TestKeyLines(t *testing.T) {
	text := `# head
a = 1 # x = 2
"b" = "#not a comment"
[t1]
c.d = 3
[ "t2" . sub ]
e = { f = 1, g = 2 }
`
	got := keyLines(text)
	want := map[string]int{"a": 2, "b": 3, "t1": 4, "t1.c.d": 5, "t1.c": 5, "t2.sub": 6, "t2": 6,
		"t2.sub.e": 7, "t2.sub.e.f": 7, "t2.sub.e.g": 7}
	assert.Equal(t, want, got)
}

func FuzzDecodePolicy(f *testing.F) {
	var buf bytes.Buffer
	if err := EncodePolicy(&buf, DefaultPolicy(MonthOf(2026, 9))); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("rotation_rate = 0.15\n[weights]\nhard = 1e5\n"))
	f.Add([]byte("plan_date = 2026-09-01\nretirement_age = { male = 60 }\n"))
	f.Add([]byte("[[periods]]\nx = [1, 2]\n"))
	f.Add([]byte("move_scope = \"学区\"\npair_bonus = 1e9\nprincipal_max_years = 0.5\n[weights]\ntitle_structure = -0\n"))
	f.Add([]byte("a = \"\"\"\n#\n\"\"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, probs := DecodePolicy("policy.toml", data, policyNow)
		if len(probs.Errors()) > 0 {
			return
		}
		// A policy that decodes cleanly encodes and decodes to itself.
		var out bytes.Buffer
		if err := EncodePolicy(&out, p); err != nil {
			t.Fatal(err)
		}
		q, probs := DecodePolicy("policy.toml", out.Bytes(), policyNow)
		if len(probs.Errors()) > 0 {
			t.Fatalf("re-decoding: %v\n%s", probs, out.String())
		}
		if p != q {
			t.Fatalf("round trip: got %+v, want %+v", q, p)
		}
		if strings.Contains(out.String(), "nan") {
			t.Fatalf("NaN in a valid policy")
		}
	})
}

// TestDecodePolicyDeepNesting checks that arrays and inline tables nested
// deeper than maxTOMLDepth are refused before the parser sees them (it
// takes time and memory quadratic in the depth: 4 GB for 10,000 inline
// tables), with the line and column of the first bracket too deep, and
// that brackets inside strings and comments do not count.
func TestDecodePolicyDeepNesting(t *testing.T) {
	deep := func(n int, open, mid, close string) string {
		return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
	}
	tests := []struct {
		name    string
		toml    string
		line    int    // 0: no error
		message string // a substring of the error
	}{
		{"inline tables", "rotation_rate = 0.1\nx = " + deep(10000, "{a=", "1", "}") + "\n", 2, "invalid TOML at column 197: arrays and inline tables nested deeper than 64 levels"},
		{"arrays", "x = " + deep(100000, "[", "1", "]") + "\n", 1, "nested deeper than 64 levels"},
		{"at the limit", "x = " + deep(64, "[", "1", "]") + "\n", 0, ""},
		{"in strings and comments", "county_name = \"" + strings.Repeat("[{", 100) + "\"\n" +
			"issuing_unit = '" + strings.Repeat("{", 100) + "'\n" +
			"stint_text = \"\"\"\n" + strings.Repeat("[", 100) + "\n\"\"\"\n" +
			"rotation_kind = '''" + strings.Repeat("{", 100) + "'''\n" +
			"# " + strings.Repeat("[", 100) + "\n" +
			"objection_contact = \"a\\\"[[[[\"\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := DecodePolicy("policy.toml", []byte(tt.toml), policyNow)
			errs := probs.Errors()
			if tt.line == 0 {
				assert.Empty(t, errs, "got %s, want no error", problemList(errs))
				return
			}
			require.NotEmpty(t, errs, "got no error, want one on line %d", tt.line)
			assert.Equal(t, tt.line, errs[0].Line, "got line %d, want %d: %s", errs[0].Line, tt.line, errs[0])
			assert.Contains(t, errs[0].Message, tt.message)
		})
	}
}
