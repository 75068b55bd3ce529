package models

import (
	"os"
	"strings"
	"testing"
)

// TestReadmePermissionTable keeps the README's roles and permissions table
// true: every permission a role holds is ticked in its column, and nothing
// else is.
func TestReadmePermissionTable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not found")
	}
	_, table, ok := strings.Cut(string(b), "| permission | clerk | interviewer | admin | oversight |")
	if !ok {
		t.Fatal("README lacks the permission table")
	}
	ticked := map[Role]map[Permission]bool{}
	for _, r := range Roles {
		ticked[r] = map[Permission]bool{}
	}
	for _, line := range strings.Split(table, "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(line, "|")
		if len(cells) < 2+len(Roles) {
			continue
		}
		for _, p := range strings.Split(cells[1], ",") {
			p = strings.Trim(strings.TrimSpace(p), "`")
			for i, r := range Roles {
				if strings.TrimSpace(cells[2+i]) == "✓" {
					ticked[r][Permission(p)] = true
				}
			}
		}
	}
	for _, r := range Roles {
		for _, p := range PermissionsOf(r) {
			if !ticked[r][p] {
				t.Errorf("README: %s should be ticked for %s", p, r)
			}
		}
		for p := range ticked[r] {
			if !RoleHas(r, p) {
				t.Errorf("README ticks %s for %s, which models/permission.go does not grant", p, r)
			}
		}
	}
}

func TestRoleHas(t *testing.T) {
	cases := []struct {
		role Role
		perm Permission
		want bool
	}{
		{RoleClerk, PermCardIssue, true},
		{RoleClerk, PermIndicatorRead, false},
		{RoleClerk, PermInterviewRead, false},
		{RoleInterviewer, PermInterviewRecord, true},
		{RoleInterviewer, PermCardIssue, false},
		{RoleAdmin, PermUserManage, true},
		{RoleAdmin, PermCardIssue, false},
		{RoleAdmin, PermAuthenticated, true},
		{Role("pilot"), PermAuthenticated, false},
	}
	for _, c := range cases {
		if got := RoleHas(c.role, c.perm); got != c.want {
			t.Errorf("RoleHas(%s, %s) = %v", c.role, c.perm, got)
		}
	}
}
