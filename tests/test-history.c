/* test-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "charter-history.h"

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_back_forward (void)
{
  g_autoptr(CharterHistory) history = charter_history_new ();

  g_assert_null (charter_history_get_current (history));
  g_assert_false (charter_history_can_go_back (history));
  g_assert_null (charter_history_go_back (history));

  charter_history_push (history, "a");
  charter_history_push (history, "b");
  charter_history_push (history, "b");
  charter_history_push (history, "c");
  g_assert_cmpstr (charter_history_get_current (history), ==, "c");

  g_assert_cmpstr (charter_history_go_back (history), ==, "b");
  g_assert_cmpstr (charter_history_go_back (history), ==, "a");
  g_assert_null (charter_history_go_back (history));
  g_assert_cmpstr (charter_history_get_current (history), ==, "a");
  g_assert_cmpstr (charter_history_go_forward (history), ==, "b");
  g_assert_true (charter_history_can_go_forward (history));

  /* Going somewhere new from the middle drops what lay ahead. */
  charter_history_push (history, "d");
  g_assert_false (charter_history_can_go_forward (history));
  g_assert_cmpstr (charter_history_go_back (history), ==, "b");
  g_assert_cmpstr (charter_history_go_back (history), ==, "a");
}

static void
test_notify (void)
{
  g_autoptr(CharterHistory) history = charter_history_new ();
  guint back = 0, forward = 0;

  g_signal_connect (history, "notify::can-go-back", G_CALLBACK (count_cb), &back);
  g_signal_connect (history, "notify::can-go-forward", G_CALLBACK (count_cb), &forward);

  charter_history_push (history, "a");
  g_assert_cmpuint (back, ==, 0);
  charter_history_push (history, "b");
  g_assert_cmpuint (back, ==, 1);
  charter_history_push (history, "c");
  g_assert_cmpuint (back, ==, 1);

  charter_history_go_back (history);
  g_assert_cmpuint (forward, ==, 1);
  charter_history_go_back (history);
  g_assert_cmpuint (back, ==, 2);
  g_assert_cmpuint (forward, ==, 1);

  charter_history_clear (history);
  g_assert_cmpuint (forward, ==, 2);
  g_assert_cmpuint (back, ==, 2);
}

static void
test_bounded (void)
{
  g_autoptr(CharterHistory) history = charter_history_new ();
  guint steps = 0;

  for (guint i = 0; i < CHARTER_HISTORY_MAX + 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);

      charter_history_push (history, id);
    }

  while (charter_history_go_back (history) != NULL)
    steps++;

  g_assert_cmpuint (steps, ==, CHARTER_HISTORY_MAX - 1);
  g_assert_cmpstr (charter_history_get_current (history), ==, "e100");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/back-forward", test_back_forward);
  g_test_add_func ("/history/notify", test_notify);
  g_test_add_func ("/history/bounded", test_bounded);

  return g_test_run ();
}
