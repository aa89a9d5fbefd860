/* bench-startup.c: how long Charter takes to paint its first frame, against
 * the floor of a bare libadwaita window
 *
 * Each run spawns the program with CHARTER_FIRST_FRAME=1; the program prints
 * "first-frame <µs>", g_get_monotonic_time() right after its first frame is
 * painted, and quits. The monotonic clock is shared by every process, so
 * that value minus the time taken here just before spawning is the whole
 * start: exec, dynamic linking, GTK and libadwaita start-up, D-Bus
 * registration, loading the bundled knowledge base, layout and the first
 * paint. bare-window pays for all of that except Charter's own work.
 *
 * A benchmark reports, it does not judge: the exit status is non-zero only
 * when a child fails to report a frame (or there is no display or session
 * bus to run one on), never because of a figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#define DEFAULT_RUNS   10
#define TIMEOUT_S      30
#define TARGET_RATIO   1.30
/* A program that has failed this often will keep failing: better a quick
 * report than minutes of timeouts.
 */
#define MAX_FAILURES   3
#define FRAME_PREFIX   "first-frame "

typedef struct
{
  const char *label;
  const char *name;
  const char *path;
  /* Microseconds from spawn to first frame, one per successful run. */
  GArray     *times;
  guint       n_failures;
} Program;

/* One child in flight. */
typedef struct
{
  GPid      pid;
  int       stdout_fd;
  GString  *output;
  guint     stdout_id;
  guint     timeout_id;
  gboolean  exited;
  gboolean  timed_out;
  int       wait_status;
} Child;

static gboolean
has_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && *x11 != '\0') || (wayland != NULL && *wayland != '\0');
}

/* Reads what the pipe holds now. Returns FALSE once it is closed. */
static gboolean
read_available (Child *child)
{
  char buffer[1024];
  gssize n;

  for (;;)
    {
      n = read (child->stdout_fd, buffer, sizeof buffer);
      if (n > 0)
        g_string_append_len (child->output, buffer, n);
      else if (n == 0)
        return FALSE;
      else if (errno == EAGAIN || errno == EWOULDBLOCK)
        return TRUE;
      else if (errno != EINTR)
        return FALSE;
    }
}

static gboolean
parse_frame (const char *output,
             gint64     *frame)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], FRAME_PREFIX) &&
          g_ascii_string_to_signed (lines[i] + strlen (FRAME_PREFIX), 10, 0, G_MAXINT64,
                                    frame, NULL))
        return TRUE;
    }

  return FALSE;
}

static gboolean
stdout_cb (int          fd,
           GIOCondition condition,
           gpointer     user_data)
{
  Child *child = user_data;

  if (read_available (child))
    return G_SOURCE_CONTINUE;

  child->stdout_id = 0;
  return G_SOURCE_REMOVE;
}

static void
child_exited_cb (GPid     pid,
                 int      wait_status,
                 gpointer user_data)
{
  Child *child = user_data;

  child->wait_status = wait_status;
  child->exited = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Child *child = user_data;

  /* The child watch still reaps it: we go on waiting for that. */
  kill (child->pid, SIGKILL);
  child->timed_out = TRUE;
  child->timeout_id = 0;
  return G_SOURCE_REMOVE;
}

/* Spawns @path once and waits for it to exit. On success, @elapsed holds
 * the microseconds from just before the spawn to its first painted frame.
 */
static gboolean
run_once (const char  *path,
          char       **envp,
          gint64      *elapsed,
          GError     **error)
{
  const char *argv[] = { path, NULL };
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GError) status_error = NULL;
  Child child = { 0 };
  gint64 start;
  gint64 frame;

  child.output = output;

  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                 NULL, NULL, &child.pid, NULL, &child.stdout_fd, NULL, error))
    return FALSE;

  /* Non-blocking, so that the last read after the child's exit cannot hang
   * on a pipe that something the child started still holds open.
   */
  g_unix_set_fd_nonblocking (child.stdout_fd, TRUE, NULL);
  child.stdout_id = g_unix_fd_add (child.stdout_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                   stdout_cb, &child);
  child.timeout_id = g_timeout_add_seconds (TIMEOUT_S, timeout_cb, &child);
  g_child_watch_add (child.pid, child_exited_cb, &child);

  while (!child.exited)
    g_main_context_iteration (NULL, TRUE);

  read_available (&child);
  g_clear_handle_id (&child.stdout_id, g_source_remove);
  g_clear_handle_id (&child.timeout_id, g_source_remove);
  close (child.stdout_fd);
  g_spawn_close_pid (child.pid);

  if (child.timed_out)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "no frame within %d s: killed", TIMEOUT_S);
      return FALSE;
    }

  if (!g_spawn_check_wait_status (child.wait_status, &status_error))
    {
      if (!parse_frame (output->str, &frame))
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "exited without reporting a frame: %s", status_error->message);
          return FALSE;
        }
      /* The frame was painted; a failure after it is worth knowing about,
       * but it is not the start-up that is measured here.
       */
      g_printerr ("bench-startup: %s: after its first frame: %s\n", path, status_error->message);
    }
  else if (!parse_frame (output->str, &frame))
    {
      /* A unique GApplication that finds itself already running hands its
       * command line to that copy and exits at once, without a window.
       */
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "exited without reporting a frame (is a copy already running in "
                   "this D-Bus session?)");
      return FALSE;
    }

  if (frame <= start)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "reported a frame at %" G_GINT64_FORMAT " µs, before it was started "
                   "(%" G_GINT64_FORMAT " µs): not the same clock?", frame, start);
      return FALSE;
    }

  *elapsed = frame - start;
  return TRUE;
}

static void
measure (Program  *program,
         char    **envp,
         gboolean  keep)
{
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  if (program->n_failures >= MAX_FAILURES)
    return;

  if (!run_once (program->path, envp, &elapsed, &error))
    {
      program->n_failures++;
      g_printerr ("bench-startup: %s: %s\n", program->name, error->message);
      if (program->n_failures == MAX_FAILURES)
        g_printerr ("bench-startup: %s: giving up after %d failures\n",
                    program->name, MAX_FAILURES);
      return;
    }

  if (keep)
    g_array_append_val (program->times, elapsed);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Median and 90th percentile, in milliseconds; @times must not be empty. */
static void
summarize (GArray *times,
           double *median,
           double *p90)
{
  g_autofree gint64 *sorted = g_memdup2 (times->data, times->len * sizeof (gint64));
  guint n = times->len;
  /* Nearest rank: the smallest time that at least 90 % of the runs reach. */
  guint rank = (9 * n + 9) / 10;

  qsort (sorted, n, sizeof (gint64), compare_int64);

  if (n % 2 == 1)
    *median = sorted[n / 2] / 1000.0;
  else
    *median = (sorted[n / 2 - 1] + sorted[n / 2]) / 2000.0;
  *p90 = sorted[rank - 1] / 1000.0;
}

static void
print_summary (const Program *program,
               guint          n_runs)
{
  double median, p90;

  if (program->times->len == 0)
    {
      g_print ("%-24s no frame reported\n", program->label);
      return;
    }

  summarize (program->times, &median, &p90);
  g_print ("%-24s median %4.0f ms   p90 %4.0f ms", program->label, median, p90);
  if (program->times->len < n_runs)
    g_print ("   (only %u of %u runs)", program->times->len, n_runs);
  g_print ("\n");
}

static void
print_runs (const char *label,
            GArray     *times)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "  %-8s ms:", label);
  if (times->len == 0)
    g_string_append (line, " none");
  for (guint i = 0; i < times->len; i++)
    g_string_append_printf (line, " %4.0f", g_array_index (times, gint64, i) / 1000.0);
  g_print ("%s\n", line->str);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) bare_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) charter_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) envp = NULL;
  const char *charter_path;
  const char *bare_path;
  const char *renderer;
  int n_runs = DEFAULT_RUNS;
  Program bare = { "bare libadwaita window", "bare-window", NULL, bare_times, 0 };
  Program charter = { "Charter (bundled KB)", "charter", NULL, charter_times, 0 };
  const GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs of each program (default 10)", "R" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[CHARTER BARE-WINDOW] — time start to first frame");
  g_option_context_set_description (context,
                                    "Without arguments, the two programs are taken from the "
                                    "environment variables CHARTER and BARE_WINDOW. Needs a "
                                    "display and a D-Bus session bus:\n"
                                    "  dbus-run-session -- xvfb-run -a bench-startup "
                                    "CHARTER BARE-WINDOW");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc == 3)
    {
      charter_path = argv[1];
      bare_path = argv[2];
    }
  else
    {
      charter_path = g_getenv ("CHARTER");
      bare_path = g_getenv ("BARE_WINDOW");
    }

  if ((argc != 1 && argc != 3) || charter_path == NULL || bare_path == NULL || n_runs < 1)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_FAILURE;
    }

  if (!has_display ())
    {
      g_printerr ("bench-startup: needs a display: run under xvfb-run -a "
                  "(neither DISPLAY nor WAYLAND_DISPLAY is set)\n");
      return EXIT_FAILURE;
    }

  /* Both programs are GApplications and register on the session bus. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("bench-startup: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): "
                  "run under dbus-run-session --\n");
      return EXIT_FAILURE;
    }

  charter.path = charter_path;
  bare.path = bare_path;

  /* One environment for both, GSK_RENDERER included: unset, both pick the
   * same default.
   */
  renderer = g_getenv ("GSK_RENDERER");
  envp = g_environ_setenv (g_get_environ (), "CHARTER_FIRST_FRAME", "1", TRUE);

  /* Untimed: the first GTK process pays for cold caches (fonts, icons,
   * shaders, the binaries' pages) that every later one finds warm.
   */
  measure (&bare, envp, FALSE);
  measure (&charter, envp, FALSE);

  /* Alternating, so that anything slow drifting on the machine (another
   * build, thermal throttling) falls on both alike.
   */
  for (int i = 0; i < n_runs; i++)
    {
      measure (&bare, envp, TRUE);
      measure (&charter, envp, TRUE);
    }

  g_print ("start to first frame (renderer: %s, %d runs each)\n",
           renderer != NULL ? renderer : "default", n_runs);
  print_summary (&bare, (guint) n_runs);
  print_summary (&charter, (guint) n_runs);

  if (bare.times->len > 0 && charter.times->len > 0)
    {
      double bare_median, charter_median, p90;
      double ratio;

      summarize (bare.times, &bare_median, &p90);
      summarize (charter.times, &charter_median, &p90);
      ratio = charter_median / bare_median;
      g_print ("Charter / bare = %.2f (target ≤ %.2f)\n", ratio, TARGET_RATIO);
      g_print ("  target %s\n", ratio <= TARGET_RATIO ? "met" : "NOT met");
    }

  g_print ("\n");
  g_print ("alternating, after one untimed run of each; from just before the spawn to the end "
           "of the first painted frame\n");
  print_runs ("bare", bare.times);
  print_runs ("Charter", charter.times);

  return bare.n_failures + charter.n_failures > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
