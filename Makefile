# PolicyHub: `make run` serves the whole system on http://localhost:8080, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN       ?= mvn -B
JAR       := app/target/policyhub.jar
# The throughput collector: on two cores G1's concurrent work cost ~30 % of the deposit rate; 768 MiB of
# heap: 10,000 open WebSockets under a full message load outgrew 512 MiB (bench/README.md)
JAVA_OPTS ?= -XX:+UseParallelGC -Xms256m -Xmx768m
E2E_PORT  ?= 18080
export AXONIQ_UPDATE_CHECKER_DISABLED := true

# runs a step, then prints how long it took (CI's log shows every phase's time)
timed = start=$$SECONDS; echo "[make test] $(1)"; $(2); rc=$$?; echo "[make test] $(1): $$((SECONDS - start)) s, exit $$rc"; exit $$rc

.PHONY: help run test build infra-up infra-down infra-status e2e e2e-distributed distributed distributed-down clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

run: infra-up build ## start the infrastructure, build, serve on :8080 (Ctrl-C stops the app, infra and simulator keep running)
	scripts/simulator.sh start
	JAVA_OPTS="$(JAVA_OPTS)" scripts/app.sh $(JAR)

test: infra-up node_modules/.bin/newman .local/tools/promtool chromium ## unit + integration tests in both modes, the Postman collection and the console's browser journey on one JVM and on four roles behind the edge
	@$(call timed,mvn verify: unit + integration tests in both modes,$(MVN) verify)
	@$(call timed,newman and the console journey on one JVM,scripts/e2e.sh $(JAR) $(E2E_PORT))
	@$(call timed,newman and the console journey through the edge on four roles,$(MAKE) --no-print-directory e2e-distributed)

# promtool (the alert rules' and dashboards' checker) out of Debian's prometheus package, no daemon
.local/tools/promtool:
	scripts/promtool.sh >/dev/null

# headless Chromium for the browser tests (installed when root; otherwise they report skipped)
.PHONY: chromium
chromium:
	@scripts/chromium.sh >/dev/null || true

build: node_modules/.bin/newman ## package the application jar without running tests (with the GraphiQL console's scripts from npm)
	$(MVN) -q -DskipTests package

e2e: infra-up node_modules/.bin/newman chromium ## run only the Postman collection and the console's browser journey against a freshly built jar
	[ -f $(JAR) ] || $(MAKE) build
	scripts/e2e.sh $(JAR) $(E2E_PORT)

# The distributed mode needs Axon Server: AXONSERVER_JAR names its jar (.ci/run sets it). Without it the
# Axon Server tests report "skipped" with the reason, and so does this step; under CI it fails instead.
e2e-distributed: node_modules/.bin/newman chromium ## the Postman collection and the console journey through the nginx edge on the four roles around Axon Server
	@if [ -n "$$AXONSERVER_JAR" ]; then scripts/distributed.sh e2e $(JAR); \
	elif [ "$$CI" = true ]; then echo "e2e-distributed: AXONSERVER_JAR is not set under CI"; exit 1; \
	else echo "e2e-distributed: skipped: no Axon Server (set AXONSERVER_JAR to its jar)"; fi

distributed: infra-up build ## the distributed mode without containers: Axon Server, four roles, the edge on 127.0.0.1:18180
	scripts/simulator.sh start
	scripts/distributed.sh up $(JAR)

distributed-down: ## stop the distributed mode's roles, edge and Axon Server
	scripts/distributed.sh down

infra-up: ## start local PostgreSQL, Redis, the ClickHouse cluster and, with AXONSERVER_JAR, Axon Server (installs packages when root)
	scripts/infra.sh up

infra-down: ## stop the local infrastructure (data stays in .local/)
	scripts/infra.sh down

infra-status: ## show which local services run
	scripts/infra.sh status

.PHONY: simulator-stop
simulator-stop: ## stop the insurer simulator (127.0.0.1:8090) that run and e2e start
	scripts/simulator.sh stop

node_modules/.bin/newman: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: sudo apt-get install -y nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: java-opts
java-opts: ## print the JVM options the app runs with (bench/bench.sh uses them too)
	@echo $(JAVA_OPTS)

.PHONY: bench
bench: build ## benchmarks on 127.0.0.1 (pgbench reference, HTTP and WebSocket scenarios, both modes, ~20 min): bench/results/latest.md and latest.svg
	bench/bench.sh $(JAR)

clean: ## remove build output (not the local data)
	$(MVN) -q clean
