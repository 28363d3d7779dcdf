package dev.verdict;

import dev.verdict.admin.HealthRoutes;
import dev.verdict.admin.InternalApi;
import dev.verdict.admin.OpenApiRoutes;
import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.CallbackSender;
import dev.verdict.callbacks.CallbackService;
import dev.verdict.callbacks.CallbackStore;
import dev.verdict.callbacks.DeliveryPolicy;
import dev.verdict.callbacks.Dispatcher;
import dev.verdict.callbacks.Outbox;
import dev.verdict.callbacks.TargetGuard;
import dev.verdict.callbacks.WebhookSecrets;
import dev.verdict.console.AuditPages;
import dev.verdict.console.JobPages;
import dev.verdict.console.Console;
import dev.verdict.console.OperatorPages;
import dev.verdict.console.ReviewPages;
import dev.verdict.console.PartnerPages;
import dev.verdict.console.PrivacyPages;
import dev.verdict.db.CommitSignal;
import dev.verdict.jobs.JobUploads;
import dev.verdict.jobs.WorkClaims;
import dev.verdict.config.Config;
import dev.verdict.config.ConfigLoader;
import dev.verdict.config.ImageStoreKind;
import dev.verdict.db.Database;
import dev.verdict.db.Migrations;
import dev.verdict.demo.DemoData;
import dev.verdict.engine.Engine;
import dev.verdict.engine.SandboxEngine;
import dev.verdict.files.PrivateFiles;
import dev.verdict.http.Routes;
import dev.verdict.http.ConnectionLimits;
import dev.verdict.http.RateLimits;
import dev.verdict.http.WebServerHost;
import dev.verdict.images.DatabaseImageStore;
import dev.verdict.images.FileImageStore;
import dev.verdict.images.ImageCipher;
import dev.verdict.images.ImageLinks;
import dev.verdict.images.ImageRoutes;
import dev.verdict.images.ImageService;
import dev.verdict.aml.SandboxWatchList;
import dev.verdict.webtoken.WebTokenRoutes;
import dev.verdict.webtoken.WebTokenService;
import dev.verdict.webtoken.WebTokens;
import dev.verdict.business.SandboxBusinessRegistry;
import dev.verdict.identity.SandboxIdentityRegistry;
import dev.verdict.intake.IdVerificationService;
import dev.verdict.intake.IntakeRoutes;
import dev.verdict.intake.PrepUploadService;
import dev.verdict.intake.UploadService;
import dev.verdict.intake.UploadUrls;
import dev.verdict.jobs.JobService;
import dev.verdict.metrics.Metrics;
import dev.verdict.jobstatus.JobStatusRoutes;
import dev.verdict.jobstatus.JobStatusService;
import dev.verdict.operators.OperatorService;
import dev.verdict.operators.OperatorSessions;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.privacy.PrivacyService;
import dev.verdict.privacy.RetentionPurge;
import dev.verdict.partners.PartnerService;
import dev.verdict.secrets.InstallationCheck;
import dev.verdict.secrets.MasterKey;
import dev.verdict.secrets.Secrets;
import dev.verdict.tls.TlsMaterial;
import dev.verdict.operators.Operator;
import dev.verdict.review.ReviewService;
import dev.verdict.review.Reviewer;
import dev.verdict.review.ReviewerDirectory;
import dev.verdict.users.UserService;
import dev.verdict.work.Worker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring by hand: every object of the running service is built here, in dependency order. Nothing
 * else calls a constructor of a service, store or route table.
 */
public final class Application implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final Config config;
    private final Database database;
    private final Services services;
    private final WebServerHost server;
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final Optional<Path> generatedCa;
    private final ReviewService review;
    private final RetentionPurge retention;
    private final Metrics metrics;
    private final Map<String, List<Routes.Route>> routes;

    /** The services shared by the server and the operator CLI. */
    public record Services(PartnerService partners, UserService users, JobService jobs, JobUploads uploads,
            WorkClaims claims, ImageService images, AuditLog audit, Secrets secrets, CallbackService callbacks,
            WebhookSecrets webhookSecrets, CallbackStore callbackStore, CommitSignal callbackSignal,
            OperatorService operators, OperatorSessions operatorSessions, ReviewService review, PrivacyService privacy) {

        /** Applies migrations to the open database and checks the master key. */
        public static Services open(Config config, Database database, InstantSource clock) throws Exception {
            var secrets = new Secrets(MasterKey.resolve(config));
            Migrations.migrate(database);
            InstallationCheck.verifyOrRecord(database, secrets, clock.instant());
            var partners = new PartnerService(database, secrets.apiKeyCipher(), clock);
            var audit = new AuditLog(database, clock);
            var imageStore = config.imageStore() == ImageStoreKind.DATABASE
                    ? new DatabaseImageStore()
                    : new FileImageStore(config.dataDir().resolve("images"));
            var callbackStore = new CallbackStore(database.dialect());
            var callbackSignal = new CommitSignal();
            var outbox = new Outbox(callbackStore, clock, callbackSignal);
            var workSignal = new CommitSignal();
            var users = new UserService(database, clock);
            var jobs = new JobService(database, clock, id -> partners.find(id).isPresent(), users, workSignal,
                    List.of(outbox));
            var images = new ImageService(database, imageStore, new ImageCipher(secrets.imageKeyWrappingKey()), audit,
                    clock);
            var callbacks = new CallbackService(database, callbackStore, callbackSignal, clock);
            var operators = new OperatorService(database, audit, clock);
            // a review action names an operator: only an active one may act, and only an admin may overturn
            ReviewerDirectory reviewers = name -> operators.find(name).filter(Operator::active)
                    .map(o -> new Reviewer(o.name(), o.isAdmin()));
            return new Services(partners, users, jobs,
                    new JobUploads(database, clock, jobs, workSignal), new WorkClaims(database, clock, workSignal),
                    images, audit, secrets,
                    callbacks,
                    new WebhookSecrets(database, secrets.apiKeyCipher(), clock), callbackStore, callbackSignal,
                    operators, new OperatorSessions(database, audit, clock,
                            config.consoleSessionIdle(), config.consoleSessionMax()),
                    new ReviewService(database, clock, jobs, images, users, audit, reviewers),
                    new PrivacyService(database, clock, partners, jobs, images, users, callbacks, audit,
                            config.retentionImagesDays(), config.retentionPersonalDays()));
        }
    }

    private Application(Config config, Database database, Services services, WebServerHost server, Engine engine,
            Dispatcher dispatcher, Optional<Path> generatedCa, ReviewService review, RetentionPurge retention,
            Metrics metrics, Map<String, List<Routes.Route>> routes) {
        this.retention = retention;
        this.metrics = metrics;
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.review = review;
        this.config = config;
        this.database = database;
        this.services = services;
        this.server = server;
        this.engine = engine;
        this.generatedCa = generatedCa;
    }

    public static Database openDatabase(Config config) {
        return new Database(config.dbUrl(), config.dbUser().orElse(null), config.dbPassword().orElse(null),
                config.dbPoolSize(), config.sqliteSynchronous());
    }

    /** Starts the server; {@code out} receives the banner (and, on a first sandbox start, the demo credentials). */
    public static Application start(Config config, InstantSource clock, PrintStream out) throws Exception {
        LOG.info("Starting Verdict: {}", ConfigLoader.describe(config));
        PrivateFiles.prepareDataDirectory(config.dataDir(), !config.postgres());
        var database = openDatabase(config);
        Metrics metrics = null;
        try {
            var services = Services.open(config, database, clock);
            var sealed = services.images().sealClearImages();
            if (sealed > 0) {
                LOG.info("Encrypted {} images stored in clear before images were encrypted at rest", sealed);
            }
            var adminToken = resolveAdminToken(config);
            Optional<DemoData.Created> demo = Optional.empty();
            if (config.sandbox() && !services.partners().anyExist()) {
                demo = Optional.of(DemoData.create(services.partners(), services.jobs(), services.images(),
                        services.operators()));
            }

            var links = new ImageLinks(services.secrets().imageLinkSecret(), config.publicBase(), config.imageLinkTtl());
            // the public listeners' rate limits; the admin listener (internal API, console) has none
            var rateLimits = new RateLimits(
                    config.rateLimitPartner().map(l -> new RateLimits.Policy("partner", l.requests(), l.per(), l.burst())),
                    config.rateLimitAddress().map(l -> new RateLimits.Policy("address", l.requests(), l.per(), l.burst())),
                    clock, java.util.Set.of(HealthRoutes.PATH));
            var directory = new PartnerDirectory(database, services.partners(), clock, config.keyCacheTtl(),
                    config.timestampWindow(), rateLimits::chargePartner);
            var jobStatus = new JobStatusService(directory, services.jobs(), services.users(), services.images(), links, clock,
                    new JobStatusService.Limits(config.historyMaxEvents(), config.historyMaxBytes()));

            var identity = new SandboxIdentityRegistry();
            var uploadUrls = new UploadUrls(services.secrets().uploadUrlSecret(), config.publicBase());
            var prepUpload = new PrepUploadService(directory, services.partners(), services.users(), services.uploads(),
                    uploadUrls, clock);
            var uploads = new UploadService(services.jobs(), services.uploads(), services.images(), uploadUrls, clock,
                    config.dataDir().resolve("tmp"), config.uploadMaxBytes());
            uploads.removeInterruptedUploads();
            var businesses = new SandboxBusinessRegistry();
            var watchList = new SandboxWatchList();
            var idVerification = new IdVerificationService(directory, services.partners(), services.jobs(), identity,
                    businesses, watchList, clock);

            var publicRoutes = new Routes();
            HealthRoutes.register(publicRoutes, database);
            JobStatusRoutes.register(publicRoutes, jobStatus);
            IntakeRoutes.register(publicRoutes, prepUpload, uploads, idVerification, identity);
            WebTokenRoutes.register(publicRoutes, new WebTokenService(directory, services.partners(),
                    new WebTokens(services.secrets().webTokenSecret()), clock));
            ImageRoutes.register(publicRoutes, services.images(), links, clock);

            var adminRoutes = new Routes();
            HealthRoutes.register(adminRoutes, database);
            var review = services.review();
            metrics = new Metrics(database, services.jobs(), services.claims(), review, services.callbacks(), clock);
            // the same bearer token as the internal API: the meters tell backlog sizes and traffic
            adminRoutes.get("/metrics", InternalApi.behindToken(adminToken.map(AdminToken::value), metrics.scrape()));
            OpenApiRoutes.register(adminRoutes);
            InternalApi.register(adminRoutes, adminToken.map(AdminToken::value), services.jobs(),
                    services.claims(), services.images(), services.callbacks(), config.engineLease(), review,
                    services.audit(), services.privacy(),
                    name -> services.operators().find(name).filter(o -> o.active() && o.isAdmin()).isPresent());
            // the console: one page table per feature; their links appear in the navigation in this order
            Console.register(adminRoutes, services.operators(), services.operatorSessions(), clock, List.of(
                    new ReviewPages(review, services.jobs(), services.images(), clock),
                    new JobPages(services.jobs(), services.images(), services.callbacks(), services.audit()),
                    new OperatorPages(services.operators()),
                    new PartnerPages(services.partners(), services.webhookSecrets(), services.audit()),
                    new PrivacyPages(services.privacy(), services.jobs()),
                    new AuditPages(services.audit())));

            var listeners = new ArrayList<WebServerHost.Listener>();
            if (config.httpPort() > 0) {
                listeners.add(new WebServerHost.Listener("http", config.httpHost(), config.httpPort(), Optional.empty(),
                        publicRoutes, WebServerHost.FrameworkCodes.V1, rateLimits));
            }
            Optional<Path> generatedCa = Optional.empty();
            if (config.httpsPort() > 0) {
                var tls = TlsMaterial.load(config);
                generatedCa = tls.generatedCaCertificate();
                listeners.add(new WebServerHost.Listener("https", config.httpHost(), config.httpsPort(),
                        Optional.of(tls.sslContext()), publicRoutes, WebServerHost.FrameworkCodes.V1, rateLimits));
            }
            if (config.adminPort() > 0) {
                listeners.add(new WebServerHost.Listener("admin", config.adminHost(), config.adminPort(),
                        Optional.empty(), adminRoutes, WebServerHost.FrameworkCodes.INTERNAL));
            }
            var limits = new ConnectionLimits(config.httpIdleTimeout(), config.httpHeaderTimeout(),
                    config.httpBodyTimeout(), config.httpMaxConnections());
            var server = new WebServerHost(listeners, limits, metrics.requests()).start();
            var engine = new Engine(services.jobs(), services.claims(), services.images(), services.users(),
                    new SandboxEngine(identity, businesses, watchList), clock, new Engine.Settings(config.sandboxJobTypes(),
                            config.engineWorkers(), config.engineLease(), config.enginePoll(), nodeId())).start();
            var sender = new CallbackSender(new TargetGuard(config.callbackAllowCidrs()), !config.sandbox(),
                    config.callbackTimeout());
            var dispatcher = new Dispatcher(database, services.callbackStore(), directory, services.webhookSecrets(),
                    sender, services.callbackSignal(), clock, new Dispatcher.Settings(config.callbackWorkers(),
                            config.callbackLease(), config.callbackTimeout(), config.enginePoll(), nodeId(),
                            new DeliveryPolicy(config.callbackRetryInitial(), config.callbackRetryMaxDelay(),
                                    config.callbackRetryWindow()))).start();
            var retention = new RetentionPurge(services.privacy(), config.retentionInterval(), nodeId()).start();
            var app = new Application(config, database, services, server, engine, dispatcher, generatedCa, review,
                    retention, metrics, Map.of("public", publicRoutes.all(), "admin", adminRoutes.all()));
            Banner.print(out, config, generatedCa, adminToken, demo);
            LOG.info("Verdict is ready");
            return app;
        } catch (Exception | Error e) {
            database.close();
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** The internal API token, and whether it was generated just now (then it is printed once). */
    record AdminToken(String value, boolean generatedNow) {}

    private static Optional<AdminToken> resolveAdminToken(Config config) throws Exception {
        if (config.adminToken().isPresent()) {
            return Optional.of(new AdminToken(config.adminToken().get(), false));
        }
        if (!config.sandbox()) {
            return Optional.empty();
        }
        var file = config.dataDir().resolve("admin.token");
        if (Files.exists(file)) {
            return Optional.of(new AdminToken(Files.readString(file, StandardCharsets.US_ASCII).strip(), false));
        }
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        PrivateFiles.write(file, token + "\n");
        return Optional.of(new AdminToken(token, true));
    }

    public Config config() {
        return config;
    }

    public Services services() {
        return services;
    }

    public Database database() {
        return database;
    }

    /** Human review (the internal API's review routes use it). */
    public ReviewService review() {
        return review;
    }

    /** The route tables served: {@code public} (HTTP and HTTPS) and {@code admin} (the OpenAPI tests compare them). */
    public Map<String, List<Routes.Route>> routes() {
        return routes;
    }

    public Optional<Path> generatedCa() {
        return generatedCa;
    }

    /** The sandbox engine's workers; {@link Worker#runOnce} decides what is ready now, in the caller's thread. */
    public Worker<?> engineWorker() {
        return engine.worker();
    }

    /** The callback workers; {@link Worker#runOnce} delivers what is due now, in the caller's thread. */
    public Worker<?> callbackWorker() {
        return dispatcher.worker();
    }

    /** Names this process in work-queue claims, so an operator can tell nodes apart. */
    private static String nodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    /** The retention purge; {@link Worker#runOnce} removes what is due now, in the caller's thread. */
    public Worker<?> retentionWorker() {
        return retention.worker();
    }

    @Override
    public void close() {
        retention.close();
        dispatcher.close();
        engine.close();
        server.close();
        database.close();
        metrics.close();
    }
}
