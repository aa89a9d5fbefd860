/* bench-load.c: what a full Charter load costs over a bare json-glib parse
 *
 * Every measurement runs in a child process of its own (this program again,
 * with --mode), for two reasons: the peak RSS that wait4() reports is then
 * that one load's, and one run's heap cannot make the next one look cheaper.
 * Linux carries a process's RSS high-water mark across exec(), so the
 * parent must stay small: even the knowledge base is generated in a child.
 * The time is taken inside the child around the work alone; process start,
 * dynamic linking and teardown cost both modes the same and would only
 * flatten the ratio.
 *
 * A benchmark reports, it does not judge: the exit status is non-zero only
 * when the knowledge base fails to load, never because of a figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-load"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "charter-generate.h"
#include "charter-loader.h"

#define DEFAULT_RUNS       5
#define TARGET_TIME_RATIO  1.30
#define TARGET_RSS_RATIO   3.00
#define MB                 1e6

typedef struct
{
  /* Microseconds, measured in the child around the work only. */
  gint64 wall;
  /* Bytes: ru_maxrss of the child, and of nothing else. */
  gint64 peak_rss;
  guint  n_documents;
} Run;

/* The child's half: do one thing, print "WALL_US N_DOCUMENTS" on stdout. */

static int
report (gint64 wall,
        guint  n_documents)
{
  g_print ("%" G_GINT64_FORMAT " %u\n", wall, n_documents);
  return EXIT_SUCCESS;
}

static guint
count_documents (JsonNode *root)
{
  JsonNode *documents;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  documents = json_object_get_member (json_node_get_object (root), "documents");
  if (documents == NULL || !JSON_NODE_HOLDS_ARRAY (documents))
    return 0;

  return json_array_get_length (json_node_get_array (documents));
}

static int
run_bare (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 start, end;
  gboolean parsed;

  start = g_get_monotonic_time ();
  parsed = json_parser_load_from_file (parser, path, &error);
  end = g_get_monotonic_time ();

  if (!parsed)
    {
      g_printerr ("bench-load: json-glib could not parse %s: %s\n", path, error->message);
      return EXIT_FAILURE;
    }

  return report (end - start, count_documents (json_parser_get_root (parser)));
}

static void
print_problems (CharterLoader *loader,
                const char    *path)
{
  GListModel *problems = charter_loader_get_problems (loader);
  g_autofree char *display = g_filename_display_name (path);
  guint n = g_list_model_get_n_items (problems);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CharterProblem) problem = g_list_model_get_item (problems, i);
      g_autofree char *line = charter_problem_format (problem, display);

      g_printerr ("%s\n", line);
    }
}

static int
run_full (const char *path)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, end;

  start = g_get_monotonic_time ();
  kb = charter_loader_load_file (loader, file, NULL, &error);
  end = g_get_monotonic_time ();

  /* Warnings do not stop a load, but from the generator they are a bug in
   * it: show them, and still measure.
   */
  print_problems (loader, path);

  if (kb == NULL)
    {
      g_printerr ("bench-load: Charter could not load %s: %s\n", path, error->message);
      return EXIT_FAILURE;
    }

  return report (end - start,
                 g_list_model_get_n_items (charter_knowledge_base_get_documents (kb)));
}

static int
run_generate (const char *path,
              guint       n_documents,
              guint32     seed)
{
  g_autoptr(GError) error = NULL;
  gint64 start, end;

  start = g_get_monotonic_time ();
  if (!charter_generate_kb (path, n_documents, seed, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return EXIT_FAILURE;
    }
  end = g_get_monotonic_time ();

  return report (end - start, n_documents);
}

/* The parent's half. */

static char *
find_self (const char *argv0)
{
  char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    return self;

  if (strchr (argv0, G_DIR_SEPARATOR) != NULL)
    return g_strdup (argv0);

  return g_find_program_in_path (argv0);
}

static gboolean
spawn_run (const char  *self,
           const char  *mode,
           const char  *path,
           guint        n_documents,
           guint32      seed,
           Run         *run,
           GError     **error)
{
  g_autofree char *mode_arg = g_strdup_printf ("--mode=%s", mode);
  g_autofree char *documents_arg = g_strdup_printf ("--documents=%u", n_documents);
  g_autofree char *seed_arg = g_strdup_printf ("--seed=%u", seed);
  const char *args[] = { self, mode_arg, documents_arg, seed_arg, "--", path, NULL };
  g_autoptr(GString) output = g_string_new (NULL);
  struct rusage usage;
  int fds[2];
  int status;
  pid_t pid;
  char buffer[256];
  gssize n;

  if (pipe (fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "pipe: %s", g_strerror (saved_errno));
      return FALSE;
    }

  /* Nothing buffered may be written twice, by the parent and the child. */
  fflush (stdout);
  fflush (stderr);

  pid = fork ();
  if (pid < 0)
    {
      int saved_errno = errno;

      close (fds[0]);
      close (fds[1]);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "fork: %s", g_strerror (saved_errno));
      return FALSE;
    }

  if (pid == 0)
    {
      /* Only async-signal-safe calls between fork() and exec(). */
      close (fds[0]);
      if (fds[1] != STDOUT_FILENO)
        {
          dup2 (fds[1], STDOUT_FILENO);
          close (fds[1]);
        }
      execv (self, (char **) args);
      _exit (127);
    }

  close (fds[1]);
  for (;;)
    {
      n = read (fds[0], buffer, sizeof buffer);
      if (n > 0)
        g_string_append_len (output, buffer, n);
      else if (n == 0 || errno != EINTR)
        break;
    }
  close (fds[0]);

  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "wait4: %s", g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      if (WIFSIGNALED (status))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s run killed by signal %d",
                     mode, WTERMSIG (status));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s run failed (exit status %d)",
                     mode, WEXITSTATUS (status));
      return FALSE;
    }

  if (sscanf (output->str, "%" G_GINT64_FORMAT " %u", &run->wall, &run->n_documents) != 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s run printed no result: “%s”", mode, output->str);
      return FALSE;
    }

  /* Linux gives ru_maxrss in kilobytes. */
  run->peak_rss = (gint64) usage.ru_maxrss * 1024;

  return TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
median (const Run *runs,
        guint      n,
        gboolean   memory)
{
  g_autofree gint64 *values = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    values[i] = memory ? runs[i].peak_rss : runs[i].wall;
  qsort (values, n, sizeof (gint64), compare_int64);

  if (n % 2 == 1)
    return (double) values[n / 2];
  return ((double) values[n / 2 - 1] + (double) values[n / 2]) / 2.0;
}

static void
print_runs (const char *label,
            const Run  *runs,
            guint       n)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "  %-8s ms:", label);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (line, " %5.0f", (double) runs[i].wall / 1000.0);
  g_string_append (line, "    MB:");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (line, " %4.0f", (double) runs[i].peak_rss / MB);
  g_print ("%s\n", line->str);
}

static int
measure (const char *self,
         const char *path,
         gboolean    generate,
         guint       n_documents,
         guint32     seed,
         guint       n_runs)
{
  g_autofree Run *bare = g_new0 (Run, n_runs);
  g_autofree Run *full = g_new0 (Run, n_runs);
  g_autoptr(GError) error = NULL;
  Run generated = { 0 };
  Run warm = { 0 };
  Run idle = { 0 };
  GStatBuf st;
  double file_size;
  double bare_time, full_time, bare_rss, full_rss;
  double time_ratio, rss_ratio;

  if (generate)
    {
      if (!spawn_run (self, "generate", path, n_documents, seed, &generated, &error))
        {
          g_printerr ("bench-load: could not generate %s: %s\n", path, error->message);
          return EXIT_FAILURE;
        }
    }

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_printerr ("bench-load: %s: %s\n", path, g_strerror (saved_errno));
      return EXIT_FAILURE;
    }
  file_size = (double) st.st_size;

  /* Untimed: brings a reused file into the page cache, so that the first
   * timed run does not pay for the disk, and checks it is JSON at all.
   */
  if (!spawn_run (self, "bare", path, 0, 0, &warm, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* What a process of this program costs before it does anything: the
   * floor under both peak RSS figures.
   */
  if (!spawn_run (self, "idle", path, 0, 0, &idle, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Alternating, so that anything slow drifting on the machine (another
   * build, thermal throttling) falls on both modes alike.
   */
  for (guint i = 0; i < n_runs; i++)
    {
      if (!spawn_run (self, "bare", path, 0, 0, &bare[i], &error))
        {
          g_printerr ("bench-load: %s\n", error->message);
          return EXIT_FAILURE;
        }

      if (!spawn_run (self, "full", path, 0, 0, &full[i], &error))
        {
          g_printerr ("bench-load: the knowledge base does not load (problems above): %s\n",
                      error->message);
          return EXIT_FAILURE;
        }
    }

  bare_time = median (bare, n_runs, FALSE) / 1000.0;
  full_time = median (full, n_runs, FALSE) / 1000.0;
  bare_rss = median (bare, n_runs, TRUE);
  full_rss = median (full, n_runs, TRUE);
  time_ratio = full_time / bare_time;
  rss_ratio = full_rss / file_size;

  g_print ("file: %.1f MB, %u documents\n", file_size / MB, full[0].n_documents);
  if (generate)
    g_print ("  (generated with seed %u in %.0f ms: %s)\n",
             seed, (double) generated.wall / 1000.0, path);
  g_print ("bare json-glib parse   median %4.0f ms   peak RSS %4.0f MB\n",
           bare_time, bare_rss / MB);
  g_print ("full load (Charter)    median %4.0f ms   peak RSS %4.0f MB\n",
           full_time, full_rss / MB);
  g_print ("load / parse = %.2f (target ≤ %.2f); "
           "peak RSS / file size = %.2f (target ≤ %.2f)\n",
           time_ratio, TARGET_TIME_RATIO, rss_ratio, TARGET_RSS_RATIO);
  g_print ("\n");
  g_print ("%u runs of each, alternating; time measured inside each child around the work "
           "only; peak RSS is the child's ru_maxrss\n", n_runs);
  print_runs ("bare", bare, n_runs);
  print_runs ("full", full, n_runs);
  g_print ("  bare peak RSS / file size = %.2f; a process that does nothing peaks at %.0f MB\n",
           bare_rss / file_size, (double) idle.peak_rss / MB);
  g_print ("  above that floor: full %.2f, bare %.2f times the file size\n",
           (full_rss - (double) idle.peak_rss) / file_size,
           (bare_rss - (double) idle.peak_rss) / file_size);
  g_print ("  targets: time %s, memory %s\n",
           time_ratio <= TARGET_TIME_RATIO ? "met" : "NOT met",
           rss_ratio <= TARGET_RSS_RATIO ? "met" : "NOT met");

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *self = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  gboolean generate;
  int n_documents = 10000;
  gint64 seed = 1;
  int n_runs = DEFAULT_RUNS;
  int status;
  const GOptionEntry entries[] = {
    { "documents", 'n', 0, G_OPTION_ARG_INT, &n_documents,
      "Documents in the generated knowledge base (default 10000, about 50 MB)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated knowledge base", "S" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs of each mode (default 5)", "R" },
    /* How the parent asks a child for one measurement. */
    { "mode", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &mode, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[FILE] — time a full load against a bare json-glib parse");
  g_option_context_set_description (context,
                                    "Without FILE, a knowledge base is generated in a temporary "
                                    "directory and removed afterwards. An existing FILE is "
                                    "measured as it is; a missing one is generated there and "
                                    "kept.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc > 2 || n_documents < 0 || n_runs < 1 || seed < 0 || seed > G_MAXUINT32)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_FAILURE;
    }

  if (mode != NULL)
    {
      if (argc != 2)
        {
          g_printerr ("bench-load: --mode needs exactly one FILE\n");
          return EXIT_FAILURE;
        }
      if (g_str_equal (mode, "bare"))
        return run_bare (argv[1]);
      if (g_str_equal (mode, "full"))
        return run_full (argv[1]);
      if (g_str_equal (mode, "generate"))
        return run_generate (argv[1], (guint) n_documents, (guint32) seed);
      if (g_str_equal (mode, "idle"))
        return report (0, 0);
      g_printerr ("bench-load: unknown mode “%s”\n", mode);
      return EXIT_FAILURE;
    }

  self = find_self (argv[0]);
  if (self == NULL)
    {
      g_printerr ("bench-load: cannot find my own executable to run the measurements\n");
      return EXIT_FAILURE;
    }

  if (argc == 2)
    {
      path = g_strdup (argv[1]);
      generate = !g_file_test (path, G_FILE_TEST_EXISTS);
    }
  else
    {
      tmpdir = g_dir_make_tmp ("charter-bench-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          g_printerr ("bench-load: %s\n", error->message);
          return EXIT_FAILURE;
        }
      path = g_build_filename (tmpdir, "bench.json", NULL);
      generate = TRUE;
    }

  status = measure (self, path, generate, (guint) n_documents, (guint32) seed, (guint) n_runs);

  if (tmpdir != NULL)
    {
      g_unlink (path);
      g_rmdir (tmpdir);
    }

  return status;
}
