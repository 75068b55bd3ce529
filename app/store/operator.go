package store

import "github.com/carddesk/carddesk/models"

// requireOperator admits the command line and the system only: backups,
// restores, the card sequence and key rotation are done by whoever holds the
// database and the key, never from the web.
func requireOperator(actor models.Actor) error {
	if actor.IsSystem() {
		return nil
	}
	return models.Fail(models.KindForbidden, "forbidden", "Only an operator at the command line can do this.")
}
