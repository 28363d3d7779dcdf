package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.WebhookSecrets;
import dev.verdict.partners.IssuedKey;
import dev.verdict.partners.PartnerException;
import dev.verdict.partners.PartnerService;
import dev.verdict.partners.PartnerStatus;
import java.util.List;
import java.util.OptionalLong;

/**
 * Admin pages for partners, doing what the CLI's {@code partner} commands do: list, create (API key
 * shown once), rotate the key, revoke older keys, webhook secrets (show, rotate, revoke older), the
 * default callback URL, disable and enable. Each change is audited with the acting operator.
 */
public final class PartnerPages implements ConsolePages {
    static final String PATH = "/console/partners";

    private final PartnerService partners;
    private final WebhookSecrets webhookSecrets;
    private final AuditLog audit;

    public PartnerPages(PartnerService partners, WebhookSecrets webhookSecrets, AuditLog audit) {
        this.partners = partners;
        this.webhookSecrets = webhookSecrets;
        this.audit = audit;
    }

    @Override
    public List<NavLink> links() {
        return List.of(new NavLink("Partners", PATH, "API clients: keys, webhook secrets, callback URL, status",
                Access.ADMIN));
    }

    @Override
    public void register(ConsoleRoutes routes) {
        routes.page(PATH, Access.ADMIN, (request, session) -> session.render("partners.jte", params(
                "frame", session.frame("Partners", PATH), "partners", partners.list())));
        routes.action(PATH, Access.ADMIN, (request, form, session) -> {
            IssuedKey key;
            try {
                key = partners.create(form.value("name"));
            } catch (PartnerException e) {
                return session.redirect(PATH, Notice.error(e.getMessage()));
            }
            record(session, "partner.created", key.partnerId(), "key " + key.keyId());
            return session.redirect(partnerPath(key.partnerId()), keyNotice("Partner created", key));
        });
        routes.page(PATH + "/{id}", Access.ADMIN, (request, session) -> {
            var partner = id(request.pathParam("id")).stream().mapToObj(partners::find)
                    .flatMap(java.util.Optional::stream).findFirst();
            if (partner.isEmpty()) {
                return session.redirect(PATH, Notice.error("No such partner."));
            }
            var id = partner.get().id();
            return session.render("partner.jte", params("frame", session.frame(partner.get().name(), PATH),
                    "partner", partner.get(), "path", partnerPath(id)));
        });
        change(routes, "rotate-key", (id, form, session) -> {
            var key = partners.rotateKey(id);
            record(session, "partner.key_rotated", id, "key " + key.keyId());
            return keyNotice("New API key issued; the older key keeps working until you revoke it", key);
        });
        change(routes, "revoke-keys", (id, form, session) -> {
            var revoked = partners.revokeOlderKeys(id);
            record(session, "partner.keys_revoked", id, revoked + " revoked");
            return Notice.info(revoked == 0 ? "No older key to revoke." : "Revoked " + revoked + " older key(s).");
        });
        change(routes, "callback", (id, form, session) -> {
            var url = form.value("url").strip();
            partners.setCallback(id, url);
            record(session, "partner.callback_set", id, url.isEmpty() ? "cleared" : "set");
            return Notice.info(url.isEmpty() ? "Default callback URL cleared." : "Default callback URL saved.");
        });
        change(routes, "disable", (id, form, session) -> {
            partners.setStatus(id, PartnerStatus.DISABLED);
            record(session, "partner.disabled", id, null);
            return Notice.info("Partner disabled: its requests are refused.");
        });
        change(routes, "enable", (id, form, session) -> {
            partners.setStatus(id, PartnerStatus.ACTIVE);
            record(session, "partner.enabled", id, null);
            return Notice.info("Partner enabled.");
        });
        change(routes, "webhook-secrets/show", (id, form, session) -> {
            var secrets = webhookSecrets.active(id);
            record(session, "partner.webhook_secrets_shown", id, secrets.size() + " active");
            return Notice.secrets("Active webhook signing secrets, newest first (shown on this page only).",
                    secrets.stream().map(s -> new Notice.Secret("Webhook secret", s)).toList());
        });
        change(routes, "webhook-secrets/rotate", (id, form, session) -> {
            var secret = webhookSecrets.rotate(id);
            record(session, "partner.webhook_secret_rotated", id, null);
            return Notice.secrets("New webhook secret: callbacks carry a signature for each active secret until"
                    + " you revoke the older one.", List.of(new Notice.Secret("Webhook secret", secret)));
        });
        change(routes, "webhook-secrets/revoke", (id, form, session) -> {
            var revoked = webhookSecrets.revokeOlder(id);
            record(session, "partner.webhook_secrets_revoked", id, revoked + " revoked");
            return Notice.info(revoked == 0 ? "No older webhook secret to revoke."
                    : "Revoked " + revoked + " older webhook secret(s).");
        });
    }

    @FunctionalInterface
    private interface Change {
        Notice run(long partnerId, dev.verdict.http.Form form, ConsoleSession session);
    }

    /** An action on one partner: unknown partners and refusals become an error notice on its page. */
    private void change(ConsoleRoutes routes, String action, Change change) {
        routes.action(PATH + "/{id}/" + action, Access.ADMIN, (request, form, session) -> {
            var id = id(request.pathParam("id"));
            if (id.isEmpty() || partners.find(id.getAsLong()).isEmpty()) {
                return session.redirect(PATH, Notice.error("No such partner."));
            }
            Notice notice;
            try {
                notice = change.run(id.getAsLong(), form, session);
            } catch (PartnerException | IllegalStateException e) {
                notice = Notice.error(e.getMessage().replace("run 'partner revoke-key' first",
                        "revoke the older key first").replace("run 'partner revoke-webhook-secret' first",
                        "revoke the older secret first"));
            }
            return session.redirect(partnerPath(id.getAsLong()), notice);
        });
    }

    private void record(ConsoleSession session, String action, long partnerId, String detail) {
        audit.record(new AuditLog.Entry(AuditLog.ActorType.OPERATOR, session.operator().name(), action, partnerId,
                null, null, detail));
    }

    private static Notice keyNotice(String what, IssuedKey key) {
        return Notice.secrets(what + ". The API key is shown only this once: give it to the partner now.",
                List.of(new Notice.Secret("Partner ID", Long.toString(key.partnerId())),
                        new Notice.Secret("API key", key.apiKey())));
    }

    private static String partnerPath(long id) {
        return PATH + "/" + id;
    }

    private static OptionalLong id(String text) {
        return text != null && text.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }
}
