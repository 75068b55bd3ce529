package app

import (
	"reflect"

	"github.com/carddesk/carddesk/models"
)

// may is what the signed-in user may do, for the templates: one field per
// permission, so a template asks {{if .May.CardIssue}} rather than naming a
// permission in a string (TestMayCoversEveryPermission keeps it complete).
// The server checks the permission again on every route and in every service.
type may struct {
	MissionManage, EmployerManage, WorkerRead, WorkerManage         bool
	ApplicationRead, ApplicationCreate, ApplicationSubmit           bool
	InterviewSchedule, InterviewRecord, InterviewRead               bool
	IndicatorRead, IndicatorRecord                                  bool
	HoldDecide, EmployerRestrict, CapException                      bool
	CardIssue, CardRead, ContractGenerate, ScaleRead, ScalePublish  bool
	UserManage, AuditRead                                           bool
	TranslationRead, TranslationPublish, ContactManage              bool
	StatisticsRead, RetentionManage, SubjectAccess, MicrodataExport bool
	InterviewReassign                                               bool
}

// mayPermissions names the permission behind each field of may.
var mayPermissions = map[string]models.Permission{
	"MissionManage": models.PermMissionManage, "EmployerManage": models.PermEmployerManage,
	"WorkerRead": models.PermWorkerRead, "WorkerManage": models.PermWorkerManage,
	"ApplicationRead": models.PermApplicationRead, "ApplicationCreate": models.PermApplicationCreate,
	"ApplicationSubmit": models.PermApplicationSubmit, "InterviewSchedule": models.PermInterviewSchedule,
	"InterviewRecord": models.PermInterviewRecord, "InterviewRead": models.PermInterviewRead,
	"IndicatorRead": models.PermIndicatorRead, "IndicatorRecord": models.PermIndicatorRecord,
	"HoldDecide": models.PermHoldDecide, "EmployerRestrict": models.PermEmployerRestrict,
	"CapException": models.PermCapException, "CardIssue": models.PermCardIssue, "CardRead": models.PermCardRead,
	"ContractGenerate": models.PermContractGenerate, "ScaleRead": models.PermScaleRead,
	"ScalePublish": models.PermScalePublish, "UserManage": models.PermUserManage, "AuditRead": models.PermAuditRead,
	"TranslationRead": models.PermTranslationRead, "TranslationPublish": models.PermTranslationPublish,
	"ContactManage":  models.PermContactManage,
	"StatisticsRead": models.PermStatisticsRead, "RetentionManage": models.PermRetentionManage,
	"SubjectAccess": models.PermSubjectAccess, "MicrodataExport": models.PermMicrodataExport,
	"InterviewReassign": models.PermInterviewReassign,
}

func mayOf(u *models.User) may {
	var m may
	rv := reflect.ValueOf(&m).Elem()
	for name, perm := range mayPermissions {
		rv.FieldByName(name).SetBool(u.Can(perm))
	}
	return m
}
