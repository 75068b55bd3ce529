package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/models"
)

// TestNoSystemActorInHandlers: the system actor passes every permission
// check, so no request handler may mint one (models.System is for
// housekeeping, the demo loader and the command line). The test reads the
// package's own sources.
func TestNoSystemActorInHandlers(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range systemActors(f) {
			t.Errorf("%s: a handler mints the system actor", fset.Position(pos))
		}
	}
	// The check itself finds both ways of doing it.
	f, err := parser.ParseFile(fset, "control.go", `package app
func bad() { _ = models.System("web"); _ = models.Actor{Via: "system"} }`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(systemActors(f)); n != 2 {
		t.Errorf("the check found %d of 2 system actors in its control", n)
	}
}

// systemActors lists where f mints a system actor or claims to be one.
func systemActors(f *ast.File) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Name == "models" && x.Sel.Name == "System" {
				out = append(out, x.Pos())
			}
		case *ast.CompositeLit:
			if sel, ok := x.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Actor" {
				for _, elt := range x.Elts {
					kv, ok := elt.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					key, _ := kv.Key.(*ast.Ident)
					lit, _ := kv.Value.(*ast.BasicLit)
					if key != nil && lit != nil && key.Name == "Via" && strings.Contains(lit.Value, "system") {
						out = append(out, x.Pos())
					}
				}
			}
		}
		return true
	})
	return out
}

// TestMayCoversEveryPermission: the templates' typed helper has one field
// per permission, each named for it, so a page never names a permission in
// a string.
func TestMayCoversEveryPermission(t *testing.T) {
	typ := reflect.TypeFor[may]()
	if typ.NumField() != len(mayPermissions) {
		t.Errorf("may has %d fields, mayPermissions %d entries", typ.NumField(), len(mayPermissions))
	}
	seen := map[models.Permission]bool{}
	for i := 0; i < typ.NumField(); i++ {
		perm, ok := mayPermissions[typ.Field(i).Name]
		if !ok {
			t.Errorf("may.%s names no permission", typ.Field(i).Name)
			continue
		}
		seen[perm] = true
	}
	for _, p := range models.AllPermissions() {
		if !seen[p] {
			t.Errorf("no field of may for %s", p)
		}
	}
	// Every field is set from its own permission.
	clerk := &models.User{Active: true, Roles: []models.Role{models.RoleClerk}}
	m := reflect.ValueOf(mayOf(clerk))
	for name, perm := range mayPermissions {
		if m.FieldByName(name).Bool() != clerk.Can(perm) {
			t.Errorf("may.%s = %v for a clerk, want %v", name, m.FieldByName(name).Bool(), clerk.Can(perm))
		}
	}
}
