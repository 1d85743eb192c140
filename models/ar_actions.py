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
