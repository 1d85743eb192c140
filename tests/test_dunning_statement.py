"""The customer statement of a dunning level: attached when the email leaves.

Validation queues the emails without rendering any statement (one PDF per
customer made a run of thousands of formal notices wait on wkhtmltopdf); the
statement is rendered and attached when the queued email is sent, so the
customer still receives it.
"""

from freezegun import freeze_time

from odoo.tests import tagged

from .test_dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestDunningStatement(DunningCase):
    def _notice_with_statement(self):
        """A validated reminder of partner A whose level attaches the statement."""
        self.level1.attach_statement = True
        self._invoice(self.partner_a, 1000.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            run = self._manual_run("2026-01-10")
            comm = run.communication_ids.filtered(
                lambda c: c.partner_id == self.partner_a
            )
            self.assertEqual(comm.level_id, self.level1)
            run.action_validate()
        return comm

    def _statements(self, comm):
        return self.env["ir.attachment"].search(
            [("res_model", "=", comm._name), ("res_id", "=", comm.id)]
        )

    def test_validation_does_not_render_the_statement(self):
        comm = self._notice_with_statement()
        self.assertEqual(comm.state, "done")
        self.assertEqual(comm.mail_state, "queued")
        self.assertTrue(comm.statement_pending)
        self.assertFalse(self._statements(comm), "no statement rendered yet")
        self.assertFalse(comm.mail_id.attachment_ids)

    def test_sent_email_carries_the_statement(self):
        comm = self._notice_with_statement()
        mail = comm.mail_id
        with freeze_time("2026-02-16"):
            mail.send()
        statement = self._statements(comm)
        self.assertEqual(len(statement), 1)
        self.assertEqual(mail.attachment_ids, statement)
        self.assertIn("Statement", statement.name)
        # rendered for this customer (HTML in test mode): the invoice is on it
        content = statement.raw.decode()
        self.assertIn("Statement of account", content)
        self.assertIn(comm.line_ids.move_id.name, content)
        self.assertFalse(comm.statement_pending)
        # sending again (a retry) does not attach a second statement
        mail.send()
        self.assertEqual(len(self._statements(comm)), 1)

    def test_levels_without_statement_send_none(self):
        self.assertFalse(self.level1.attach_statement)
        self._invoice(self.partner_a, 1000.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            run = self._manual_run("2026-01-10")
            comm = run.communication_ids.filtered(
                lambda c: c.partner_id == self.partner_a
            )
            self.assertEqual(comm.level_id, self.level1)
            run.action_validate()
            comm.mail_id.send()
        self.assertFalse(comm.statement_pending)
        self.assertFalse(comm.mail_id.attachment_ids)
