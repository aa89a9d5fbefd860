/* test-generate.c: the benchmark's knowledge base is valid and reproducible
 *
 * A benchmark on a file the loader rejects early would measure nothing, and
 * one whose file changes from run to run could not be compared with the
 * last: both are checked here, quickly, on a small base.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "charter-generate.h"
#include "charter-loader.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("charter-generate-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }

  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
generate (Fixture    *fixture,
          const char *name,
          guint       n_documents,
          guint32     seed)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (charter_generate_kb (path, n_documents, seed, &error));
  g_assert_no_error (error);

  return path;
}

/* Loads @path and asserts that the loader found nothing at all to say. */
static CharterKnowledgeBase *
load_clean (const char *path)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;
  GListModel *problems;

  kb = charter_loader_load_file (loader, file, NULL, &error);

  /* The problems themselves, not only their number, say what the
   * generator got wrong.
   */
  problems = charter_loader_get_problems (loader);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(CharterProblem) problem = g_list_model_get_item (problems, i);
      g_autofree char *line = charter_problem_format (problem, path);

      g_test_message ("%s", line);
    }

  g_assert_no_error (error);
  g_assert_nonnull (kb);
  g_assert_cmpuint (charter_loader_get_n_errors (loader), ==, 0);
  g_assert_cmpuint (charter_loader_get_n_warnings (loader), ==, 0);

  return kb;
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *path = generate (fixture, "kb.json", 200, 1);
  g_autoptr(CharterKnowledgeBase) kb = load_clean (path);
  GListModel *documents = charter_knowledge_base_get_documents (kb);
  gboolean quote = FALSE, backslash = FALSE, tab = FALSE, chinese = FALSE;

  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 200);
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_topics (kb)), ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_principles (kb)), ==, 20);
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_root_topics (kb)), >, 0);
  g_assert_nonnull (charter_knowledge_base_lookup (kb, "doc-199"));

  /* The characters that need escaping must have made the round trip, or
   * the benchmark would not be parsing what real files contain.
   */
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(CharterDocument) document = g_list_model_get_item (documents, i);
      const char *body = charter_document_get_body (document);

      quote |= strchr (body, '"') != NULL;
      backslash |= strchr (body, '\\') != NULL;
      tab |= strchr (body, '\t') != NULL;
      /* Chinese sentences end with an ideographic full stop. */
      chinese |= strstr (body, "。") != NULL;

      g_assert_nonnull (charter_document_get_date (document));
      g_assert_true (g_str_has_prefix (charter_document_get_source_url (document), "https://"));
      g_assert_cmpuint (g_list_model_get_n_items (charter_document_get_topics (document)), >=, 1);
      g_assert_cmpuint (g_list_model_get_n_items (charter_document_get_topics (document)), <=, 3);
      g_assert_cmpuint (g_list_model_get_n_items (charter_document_get_principles (document)),
                        <=, 2);
    }

  g_assert_true (quote);
  g_assert_true (backslash);
  g_assert_true (tab);
  g_assert_true (chinese);
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *first = generate (fixture, "first.json", 50, 7);
  g_autofree char *second = generate (fixture, "second.json", 50, 7);
  g_autofree char *other = generate (fixture, "other.json", 50, 8);
  g_autofree char *first_data = NULL;
  g_autofree char *second_data = NULL;
  g_autofree char *other_data = NULL;
  gsize first_length, second_length, other_length;

  g_assert_true (g_file_get_contents (first, &first_data, &first_length, NULL));
  g_assert_true (g_file_get_contents (second, &second_data, &second_length, NULL));
  g_assert_true (g_file_get_contents (other, &other_data, &other_length, NULL));

  g_assert_cmpmem (first_data, first_length, second_data, second_length);
  g_assert_false (first_length == other_length &&
                  memcmp (first_data, other_data, first_length) == 0);
}

static void
test_no_documents (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = generate (fixture, "empty.json", 0, 1);
  g_autoptr(CharterKnowledgeBase) kb = load_clean (path);

  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_documents (kb)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_topics (kb)), ==, 50);
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "missing", "kb.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (charter_generate_kb (path, 10, 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/generate/valid", Fixture, NULL,
              fixture_set_up, test_valid, fixture_tear_down);
  g_test_add ("/generate/deterministic", Fixture, NULL,
              fixture_set_up, test_deterministic, fixture_tear_down);
  g_test_add ("/generate/no-documents", Fixture, NULL,
              fixture_set_up, test_no_documents, fixture_tear_down);
  g_test_add ("/generate/unwritable", Fixture, NULL,
              fixture_set_up, test_unwritable, fixture_tear_down);

  return g_test_run ();
}
