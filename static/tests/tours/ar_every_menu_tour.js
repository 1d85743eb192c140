import { registry } from "@web/core/registry";

/**
 * Opens every menu entry the test passes (tests/test_menus_tour.py reads them
 * from ir.ui.menu, so new menus are covered without editing this file) the
 * way a click in the navigation bar does, and checks each screen: no error
 * dialog, a control panel for window actions, a full-page form that offers
 * buttons (a wizard's <footer> is shown only in dialogs), a dialog with its
 * buttons, no "NewId" in the breadcrumb.
 */
export const AR_MENUS_KEY = "ar_every_menu_tour.menus";

function isVisible(el) {
    return Boolean(el && (el.offsetWidth || el.offsetHeight || el.getClientRects().length));
}

function visibleCount(root, selector) {
    return [...root.querySelectorAll(selector)].filter(isVisible).length;
}

/** What is wrong with the screen the menu opened, in a sentence (or ""). */
function screenProblem(menu) {
    if (document.querySelector(".o_error_dialog")) {
        const text = document.querySelector(".o_error_dialog")?.textContent || "";
        return `an error dialog opened: ${text.trim().slice(0, 300)}`;
    }
    const dialog = document.querySelector(".o_dialog .modal-content");
    if (dialog) {
        if (!visibleCount(dialog, ".modal-footer button")) {
            return "its dialog has no button";
        }
        return "";
    }
    const action = document.querySelector(".o_action_manager > .o_action");
    if (!action || !action.children.length) {
        return "the screen stayed empty";
    }
    if (menu.window && !action.querySelector(".o_control_panel")) {
        return "its window has no control panel";
    }
    // the action's root element is the view's own
    const form = action.matches(".o_form_view")
        ? action
        : action.querySelector(":scope > .o_form_view");
    if (form) {
        const ownButtons = visibleCount(form, ".o_form_renderer button[name]");
        if (!ownButtons && !isVisible(form.querySelector(".o_settings_container"))) {
            return (
                "a full-page form without any button of its own " +
                "(a wizard's <footer> buttons show only in a dialog: open it with target=new)"
            );
        }
    }
    const breadcrumb = document.querySelector(".o_breadcrumb")?.textContent || "";
    if (breadcrumb.includes("NewId")) {
        return `the breadcrumb reads "${breadcrumb.trim()}"`;
    }
    return "";
}

const PROBLEMS_KEY = "ar_every_menu_tour.problems";

function recordProblem(text) {
    const problems = JSON.parse(sessionStorage.getItem(PROBLEMS_KEY) || "[]");
    problems.push(text);
    sessionStorage.setItem(PROBLEMS_KEY, JSON.stringify(problems));
}

function menuSteps(menu) {
    return [
        {
            content: `Open ${menu.path}`,
            trigger: ".o_main_navbar",
            async run() {
                document
                    .querySelector(".o_action_manager > .o_action")
                    ?.classList.add("o_ar_tour_previous");
                // what a click on the menu entry does
                const menuService = odoo.__WOWL_DEBUG__.root.env.services.menu;
                const entry = menuService.getAll().find((m) => m.xmlid === menu.xmlid);
                if (!entry) {
                    const loaded = menuService.getAll().length;
                    throw new Error(
                        `${menu.path} (${menu.xmlid}) is not in the user's navigation (${loaded} menus loaded)`
                    );
                }
                await menuService.selectMenu(entry);
            },
        },
        {
            content: `${menu.path}: its screen shows`,
            trigger: [
                ".o_error_dialog",
                ".o_dialog .modal-content .modal-footer",
                ".o_action_manager > .o_action:not(.o_ar_tour_previous)",
            ].join(", "),
            timeout: 30000,
            async run() {
                // let the view settle (lazy components, charts)
                await new Promise((resolve) => setTimeout(resolve, 200));
                const problem = screenProblem(menu);
                if (problem && menu.known_broken) {
                    console.info(`known broken, ${menu.known_broken}: ${menu.path}: ${problem}`);
                } else if (problem) {
                    // go on: the last step lists every broken screen at once
                    recordProblem(`${menu.path} (${menu.xmlid}): ${problem}`);
                } else if (menu.known_broken) {
                    console.info(`${menu.path} works now: drop it from KNOWN_BROKEN`);
                }
                const close = document.querySelector(".o_dialog .modal-header .btn-close");
                if (close) {
                    close.click();
                }
            },
        },
        {
            content: `${menu.path}: back to a screen without dialog`,
            trigger: "body:not(:has(.o_dialog))",
        },
    ];
}

registry.category("web_tour.tours").add("ar_every_menu_tour", {
    steps: () => {
        const menus = JSON.parse(sessionStorage.getItem(AR_MENUS_KEY) || "[]");
        if (!menus.length) {
            return [
                {
                    content: "The test passes the menus to open",
                    trigger: "body",
                    run() {
                        throw new Error(`no menu to open in sessionStorage[${AR_MENUS_KEY}]`);
                    },
                },
            ];
        }
        return [
            ...menus.flatMap(menuSteps),
            {
                content: "Every screen worked",
                trigger: "body",
                run() {
                    const problems = JSON.parse(sessionStorage.getItem(PROBLEMS_KEY) || "[]");
                    if (problems.length) {
                        throw new Error(
                            `${problems.length} screen(s) of ${menus.length} broken:\n` +
                                problems.join("\n")
                        );
                    }
                },
            },
        ];
    },
});
