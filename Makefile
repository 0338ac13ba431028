# wbs: build, run and test. GNU make + pkg-config.
#   make          build build/wbs
#   make run      install missing packages, build, init ./data if needed, serve
#   make test     install missing packages, build, run the whole suite
#                 (plain build, then AddressSanitizer+UBSan build, then valgrind)
#   make asan     the suite under ASan+UBSan only
#   make fuzz     build the libFuzzer harnesses (clang)

BUILD	?= build
CC	?= cc
PKGS	 = libmicrohttpd libsodium sqlite3 jansson liboath libqrencode inih \
	   libcurl libmagic libseccomp
TEST_PKGS = cmocka

WARN	 = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	   -Wpointer-arith -Wcast-qual -Wformat=2 -Werror
CSTD	 = -std=c11 -D_GNU_SOURCE
OPT	?= -O2 -g
ifeq ($(SANITIZE),1)
OPT	 = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lpthread
TEST_LIBS  := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
CFLAGS	+= $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) -Isrc -I$(BUILD)
LDFLAGS	+= $(OPT)

ASSETS	 = $(sort $(wildcard templates/*.html po/*.po static/*) conf/holidays.txt)
LIB_SRC	 = $(filter-out src/main.c, $(sort $(wildcard src/*.c)))
LIB_OBJ	 = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/embed_data.o
TEST_SRC = $(sort $(wildcard tests/test_*.c))
TEST_BIN = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_HELP = $(BUILD)/obj/testutil.o

DATA	?= ./data
LISTEN	?= 127.0.0.1:8080

.PHONY: all run test check asan valgrind deps clean fuzz tests-built
all: $(BUILD)/wbs

$(BUILD)/obj $(BUILD)/tests:
	@mkdir -p $@

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(CFLAGS) -MMD -c -o $@ $<

$(BUILD)/embed-gen: tools/embed.c | $(BUILD)/obj
	$(CC) -std=c11 -O1 -Wall -Wextra -o $@ $<

$(BUILD)/embed_data.c: $(BUILD)/embed-gen $(ASSETS)
	$(BUILD)/embed-gen $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/embed_data.o: $(BUILD)/embed_data.c src/embed.h
	$(CC) $(CSTD) $(OPT) -Isrc -c -o $@ $<

$(BUILD)/libwbs.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

$(BUILD)/wbs: $(BUILD)/obj/main.o $(BUILD)/libwbs.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/testutil.o: tests/testutil.c tests/testutil.h $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(CFLAGS) -Itests -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(TEST_HELP) $(BUILD)/libwbs.a tests/testutil.h | $(BUILD)/tests
	$(CC) $(CFLAGS) -Itests -o $@ $< $(TEST_HELP) $(BUILD)/libwbs.a \
	    $(PKG_LIBS) $(TEST_LIBS)

# Installs Debian packages only when one is missing.
deps:
	@scripts/install-deps --if-missing

# Sub-makes re-read this file, so that pkg-config sees freshly installed packages.
run: deps
	@$(MAKE) --no-print-directory $(BUILD)/wbs
	@if [ ! -f $(DATA)/server.key ]; then $(BUILD)/wbs init --data $(DATA); fi
	$(BUILD)/wbs serve --data $(DATA) --listen $(LISTEN)

tests-built: $(BUILD)/wbs $(TEST_BIN)

check: $(BUILD)/wbs $(TEST_BIN)
	@scripts/run-tests $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 check

valgrind: $(BUILD)/wbs $(TEST_BIN)
	@scripts/run-tests --valgrind $(BUILD)

# The whole suite: plain, sanitized and valgrind runs, one summary line last.
test: deps
	@$(MAKE) --no-print-directory $(BUILD)/wbs $(TEST_BIN)
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 \
	    build/asan/wbs $(patsubst $(BUILD)/%,build/asan/%,$(TEST_BIN))
	@scripts/run-tests $(BUILD) --asan build/asan --valgrind-unit $(BUILD)

fuzz:
	@$(MAKE) --no-print-directory -f fuzz/Makefile

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d)

# Benchmarks: installs wrk, nginx and perf when missing, builds the server
# and the tools of bench/, runs bench/run (docs/BENCHMARKS.md).
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/wbs $(BUILD)/libwbs.a
	@$(MAKE) --no-print-directory -f bench/Makefile BUILD=$(BUILD)
	@BUILD=$(BUILD) bench/run

.PHONY: bench

# Crash consistency at length: the SIGKILL test with 1,000 kills
# (make test runs 200).
soak: $(BUILD)/wbs $(BUILD)/tests/test_crash
	WBS_CRASH_KILLS=1000 WBS_BIN=$(BUILD)/wbs WBS_SRCDIR=$(CURDIR) \
	    $(BUILD)/tests/test_crash

.PHONY: soak
