import { registry } from "@web/core/registry";

// A customer opens the dispute form from the portal invoice page and sends it.
registry.category("web_tour.tours").add("ar_dispute_portal_tour", {
    steps: () => [
        {
            content: "Open the dispute form from the invoice",
            trigger: "a.o_ar_dispute_btn",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the reason",
            trigger: "select[name=reason_id]",
            run: "selectByLabel Damaged or Missing Goods",
        },
        {
            content: "Contest part of the invoice",
            trigger: "input[name=amount]",
            run: "edit 42",
        },
        {
            content: "Explain",
            trigger: "textarea[name=message]",
            run: "edit One pallet arrived broken",
        },
        {
            content: "Send",
            trigger: "button.o_ar_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The case page shows the contested amount",
            trigger: ".o_ar_dispute_page:contains('42.00')",
        },
    ],
});
