/* test-cli.c: `charter --validate`, `--search` and `--version` as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <locale.h>
#include <sys/wait.h>

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs charter in tests/data/invalid so that file names print short. */
static void
run_charter (Run        *run,
             const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  const char *charter = g_getenv ("CHARTER");
  const char *arg;
  va_list args;

  g_assert_nonnull (charter);
  g_ptr_array_add (argv, (gpointer) charter);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (run->status));
  run->status = WEXITSTATUS (run->status);
}

static char *
expected_for (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "invalid", name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };

  run_charter (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "charter " PACKAGE_VERSION "\n");
}

static void
test_valid (void)
{
  g_auto(Run) run = { 0 };

  run_charter (&run, "--validate", "../valid/minimal.json", "../valid/full.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_warnings_only (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *expected = expected_for ("63-kb-link-unknown-id.expected");

  run_charter (&run, "--validate", "63-kb-link-unknown-id.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
}

static void
test_invalid (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *a = expected_for ("45-duplicate-topic-id.expected");
  g_autofree char *b = expected_for ("67-several-errors.expected");
  g_autofree char *both = g_strconcat (a, b, NULL);

  run_charter (&run, "--validate", "45-duplicate-topic-id.json", "67-several-errors.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, both);
}

static void
test_unreadable (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *expected = expected_for ("45-duplicate-topic-id.expected");
  g_autofree char *cwd = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  g_autofree char *missing = g_build_filename (cwd, "no-such-file.json", NULL);
  g_autofree char *err = NULL;

  /* One unreadable file makes the status 2, and the others are still checked. */
  run_charter (&run, "--validate", "no-such-file.json", "45-duplicate-topic-id.json", ".", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, expected);
  err = g_strdup_printf ("no-such-file.json: error: Cannot read “%s”: there is no such file\n"
                         ".: error: Cannot read “%s”: it is a folder, not a file\n",
                         missing, cwd);
  g_assert_cmpstr (run.err, ==, err);
}

static void
test_no_files (void)
{
  g_auto(Run) run = { 0 };

  run_charter (&run, "--validate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, "Usage: charter --validate FILE…\n");
}

/* `charter --search`, run from tests/data/invalid like the others. */

static void
test_search_bundled (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint total = 0;

  run_charter (&run, "--search", "sovereignty", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 21);
  g_assert_true (g_str_has_prefix (lines[0], "principle-sovereignty\tPrinciple: sovereignty\t"));
  for (guint i = 0; i < 20; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      /* Id, title, snippet; the snippet shows the word. */
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_nonnull (strstr (fields[2], "overeign"));
    }
  g_assert_cmpstr (lines[20], ==, "");
  /* Standard error says how many there were in all. */
  g_assert_cmpint (sscanf (run.err, "20 of %u results\n", &total), ==, 1);
  g_assert_cmpuint (total, >, 20);
}

static void
test_search_file (void)
{
  g_auto(Run) run = { 0 };

  run_charter (&run, "--search", "coffee -trade", "../valid/search.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "cafe-mueller\tCafé Müller\tHistory The CAFÉ opened in 1921. Its owner, Zoë "
                   "Müller, served coffee and cake. A naïve visitor asks for a cafe latte.\n");
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_search_none (void)
{
  g_auto(Run) run = { 0 };

  run_charter (&run, "--search", "\"unbalanced NEAR( 😀", "../valid/search.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "No results\n");
}

static void
test_search_stdin (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "valid", "search.json",
                                                 NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("CHARTER"), "--search", "-", file, NULL);
  g_assert_no_error (error);
  /* The last line has no line break, and one query is empty. */
  g_subprocess_communicate_utf8 (process, "coffee trade\n空间主权\r\n\n'; DROP TABLE docs\nZoë",
                                 NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (out, ==,
                   "# coffee trade\n"
                   "coffee-trade\tThe coffee trade\tCoffee beans crossed the sea. The trade in "
                   "coffee grew; a coffeehouse culture followed. Shared future of the trade is "
                   "uncertain.\n"
                   "# 空间主权\n"
                   "sovereignty-zh\t网络主权\t网络空间主权是国家主权在网络空间的延伸。China's "
                   "term mixes with English: 网络主权 and sovereignty.\n"
                   "# \n"
                   "# '; DROP TABLE docs\n"
                   "# Zoë\n"
                   "cafe-mueller\tCafé Müller\tHistory The CAFÉ opened in 1921. Its owner, Zoë "
                   "Müller, served coffee and cake. A naïve visitor asks for a cafe latte.\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_search_invalid (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *expected = expected_for ("67-several-errors.expected");
  g_autofree char *first_line = g_strndup (expected, strcspn (expected, "\n") + 1);
  g_autofree char *err = g_strconcat (first_line, "67-several-errors.json: error: not a valid "
                                      "knowledge base; “charter --validate” lists every "
                                      "problem\n", NULL);

  run_charter (&run, "--search", "peace", "67-several-errors.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, err);
}

static void
test_search_unreadable (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *cwd = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  g_autofree char *missing = g_build_filename (cwd, "no-such-file.json", NULL);
  g_autofree char *err = g_strdup_printf ("no-such-file.json: error: Cannot read “%s”: there "
                                          "is no such file\n", missing);

  run_charter (&run, "--search", "peace", "no-such-file.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, err);

  run_clear (&run);
  run_charter (&run, "--search", "peace", "a.json", "b.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "Usage: charter --search QUERY [FILE]\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/validate/valid", test_valid);
  g_test_add_func ("/cli/validate/warnings-only", test_warnings_only);
  g_test_add_func ("/cli/validate/invalid", test_invalid);
  g_test_add_func ("/cli/validate/unreadable", test_unreadable);
  g_test_add_func ("/cli/validate/no-files", test_no_files);
  g_test_add_func ("/cli/search/bundled", test_search_bundled);
  g_test_add_func ("/cli/search/file", test_search_file);
  g_test_add_func ("/cli/search/none", test_search_none);
  g_test_add_func ("/cli/search/stdin", test_search_stdin);
  g_test_add_func ("/cli/search/invalid", test_search_invalid);
  g_test_add_func ("/cli/search/unreadable", test_search_unreadable);

  return g_test_run ();
}
