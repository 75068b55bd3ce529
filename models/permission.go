package models

import "slices"

// Role is a kind of staff member. A user holds one or more roles.
type Role string

// The three kinds of Protocol Directorate staff who use Carddesk.
const (
	RoleClerk       Role = "clerk"
	RoleInterviewer Role = "interviewer"
	RoleAdmin       Role = "admin"
	// RoleOversight reads the yearly figures and nothing else: aggregates,
	// never a worker, an application or an interview (issue 12).
	RoleOversight Role = "oversight"
)

// Roles lists every role, in the order pages show them.
var Roles = []Role{RoleClerk, RoleInterviewer, RoleAdmin, RoleOversight}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Permission names one thing a user may do. Every route declares the
// permission it needs where it is registered (app/routes.go).
type Permission string

// Named permissions. The list grows with the product; rolePermissions below is
// the single place that says who holds each one.
const (
	// PermAuthenticated is held by every signed-in user: own profile,
	// own password, home page.
	PermAuthenticated Permission = "authenticated"

	PermMissionManage     Permission = "mission.manage"
	PermEmployerManage    Permission = "employer.manage"
	PermWorkerRead        Permission = "worker.read"
	PermWorkerManage      Permission = "worker.manage"
	PermApplicationRead   Permission = "application.read"
	PermApplicationCreate Permission = "application.create"
	PermApplicationSubmit Permission = "application.submit"
	PermInterviewSchedule Permission = "interview.schedule"
	PermInterviewRecord   Permission = "interview.record"
	PermInterviewRead     Permission = "interview.read"
	PermIndicatorRead     Permission = "indicator.read"
	PermIndicatorRecord   Permission = "indicator.record"
	PermHoldDecide        Permission = "hold.decide"
	PermEmployerRestrict  Permission = "employer.restrict"
	PermCapException      Permission = "cap.exception"
	PermCardIssue         Permission = "card.issue"
	PermCardRead          Permission = "card.read"
	PermContractGenerate  Permission = "contract.generate"
	PermScaleRead         Permission = "scale.read"
	PermScalePublish      Permission = "scale.publish"
	PermUserManage        Permission = "user.manage"
	PermAuditRead         Permission = "audit.read"
	// The documents' translations and the leaflet's contacts (issue 11):
	// everyone reads which version is in use; admins upload, publish and
	// edit.
	PermTranslationRead    Permission = "translation.read"
	PermTranslationPublish Permission = "translation.publish"
	PermContactManage      Permission = "contact.manage"
	// The statistics and their exports (issue 12): aggregates only, read
	// by admins and the oversight role.
	PermStatisticsRead Permission = "statistics.read"
	// Retention (issue 12): legal holds, and what falls due (admins).
	PermRetentionManage Permission = "retention.manage"
	// Subject access (GDPR art. 15): what Carddesk holds about a worker.
	PermSubjectAccess Permission = "worker.subject_access"
	// The CTDC microdata export, k-anonymised (admins).
	PermMicrodataExport Permission = "statistics.microdata"
	// An admin hands a scheduled interview to another interviewer (issue 9).
	PermInterviewReassign Permission = "interview.reassign"
)

// rolePermissions is the one table of who may do what. Interview content and
// indicator history (interview.read, indicator.*) are deliberately absent from
// the clerk's row: clerks only ever see an interview's status.
var rolePermissions = map[Role][]Permission{
	RoleClerk: {
		PermMissionManage, PermEmployerManage, PermWorkerRead, PermWorkerManage,
		PermApplicationRead, PermApplicationCreate, PermApplicationSubmit,
		PermInterviewSchedule, PermCardIssue, PermCardRead, PermContractGenerate,
		PermScaleRead, PermTranslationRead,
	},
	RoleInterviewer: {
		PermWorkerRead, PermApplicationRead, PermInterviewRecord, PermInterviewRead,
		PermIndicatorRead, PermIndicatorRecord, PermCardRead, PermTranslationRead,
	},
	RoleAdmin: {
		PermWorkerRead, PermApplicationRead, PermInterviewRead, PermIndicatorRead,
		PermHoldDecide, PermEmployerRestrict, PermCapException, PermCardRead,
		PermScaleRead, PermScalePublish, PermUserManage, PermAuditRead,
		PermTranslationRead, PermTranslationPublish, PermContactManage,
		PermStatisticsRead, PermRetentionManage, PermSubjectAccess, PermMicrodataExport,
		PermInterviewReassign,
	},
	RoleOversight: {PermStatisticsRead},
}

// RoleHas reports whether role grants perm.
func RoleHas(role Role, perm Permission) bool {
	if perm == PermAuthenticated {
		return role.Valid()
	}
	return slices.Contains(rolePermissions[role], perm)
}

// PermissionsOf lists the permissions granted by role, for the README table
// and the admin pages.
func PermissionsOf(role Role) []Permission {
	return slices.Clone(rolePermissions[role])
}

// AllPermissions lists every permission some role holds, sorted.
func AllPermissions() []Permission {
	var all []Permission
	for _, role := range Roles {
		for _, p := range rolePermissions[role] {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	slices.Sort(all)
	return all
}
