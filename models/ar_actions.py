"""Window actions shared by the addon's buttons."""


def form_dialog(model, res_id=None, name=None, context=None):
    """Action opening a form of ``model`` in a dialog: a wizard to fill in,
    or ``res_id`` again after one of its steps."""
    action = {
        "type": "ir.actions.act_window",
        "res_model": model,
        "view_mode": "form",
        "target": "new",
    }
    if res_id:
        action["res_id"] = res_id
    if name:
        action["name"] = name
    if context:
        action["context"] = context
    return action


def reopen_form(record):
    """After a step of a wizard: show ``record`` again where it was opened.

    Opened from a menu as its own screen (context ``ar_page``), the form
    reloads in place (no action); opened from a button, it reopens in its
    dialog.
    """
    if record.env.context.get("ar_page"):
        return False
    return form_dialog(record._name, record.id)
