/* test-model.c: the knowledge base model built by the loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "charter-loader.h"

static CharterKnowledgeBase *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;

  kb = charter_loader_load_file (loader, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kb);

  return kb;
}

static const char *
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(CharterEntry) entry = g_list_model_get_item (model, position);

  g_assert_nonnull (entry);
  /* The knowledge base keeps the entry, so the string outlives this ref. */
  return charter_entry_get_id (entry);
}

static void
test_lists (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ("full.json");
  GListModel *topics = charter_knowledge_base_get_topics (kb);
  GListModel *roots = charter_knowledge_base_get_root_topics (kb);
  GListModel *documents = charter_knowledge_base_get_documents (kb);

  g_assert_true (g_list_model_get_item_type (topics) == CHARTER_TYPE_TOPIC);
  g_assert_true (g_list_model_get_item_type (documents) == CHARTER_TYPE_DOCUMENT);
  g_assert_true (g_list_model_get_item_type (charter_knowledge_base_get_principles (kb)) ==
                 CHARTER_TYPE_PRINCIPLE);

  g_assert_cmpuint (g_list_model_get_n_items (topics), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (roots), <, 3);
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 4);
  g_assert_null (g_list_model_get_item (documents, 4));

  /* The same model every time: views can hold on to it. */
  g_assert_true (charter_knowledge_base_get_topics (kb) == topics);
}

static void
test_tree (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ("full.json");
  GListModel *topics = charter_knowledge_base_get_topics (kb);
  guint n_children = 0;

  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(CharterTopic) topic = g_list_model_get_item (topics, i);
      CharterTopic *parent = charter_topic_get_parent (topic);

      if (parent != NULL)
        {
          GListModel *siblings = charter_topic_get_children (parent);
          gboolean found = FALSE;

          for (guint k = 0; k < g_list_model_get_n_items (siblings); k++)
            {
              g_autoptr(CharterTopic) child = g_list_model_get_item (siblings, k);

              found |= child == topic;
            }
          g_assert_true (found);
        }

      n_children += g_list_model_get_n_items (charter_topic_get_children (topic));
    }

  /* Every topic is a root or exactly one topic's child. */
  n_children += g_list_model_get_n_items (charter_knowledge_base_get_root_topics (kb));
  g_assert_cmpuint (n_children, ==, g_list_model_get_n_items (topics));
}

static void
test_links_both_ways (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ("full.json");
  GListModel *documents = charter_knowledge_base_get_documents (kb);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(CharterDocument) document = g_list_model_get_item (documents, i);
      GListModel *topics = charter_document_get_topics (document);
      GListModel *principles = charter_document_get_principles (document);

      for (guint k = 0; k < g_list_model_get_n_items (topics); k++)
        {
          g_autoptr(CharterTopic) topic = g_list_model_get_item (topics, k);
          GListModel *back = charter_topic_get_documents (topic);
          gboolean found = FALSE;

          for (guint j = 0; j < g_list_model_get_n_items (back); j++)
            found |= g_strcmp0 (id_at (back, j),
                                charter_entry_get_id (CHARTER_ENTRY (document))) == 0;
          g_assert_true (found);
        }

      for (guint k = 0; k < g_list_model_get_n_items (principles); k++)
        {
          g_autoptr(CharterPrinciple) principle = g_list_model_get_item (principles, k);
          GListModel *back = charter_principle_get_documents (principle);
          gboolean found = FALSE;

          for (guint j = 0; j < g_list_model_get_n_items (back); j++)
            found |= g_strcmp0 (id_at (back, j),
                                charter_entry_get_id (CHARTER_ENTRY (document))) == 0;
          g_assert_true (found);
        }
    }
}

static void
test_minimal (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ("minimal.json");

  g_assert_cmpuint (charter_knowledge_base_get_format (kb), ==, 1);
  g_assert_nonnull (charter_knowledge_base_get_id (kb));
  g_assert_nonnull (charter_knowledge_base_get_title (kb));
  g_assert_nonnull (charter_knowledge_base_get_language (kb));
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_topics (kb)), ==, 0);
}

static void
test_render (void)
{
  g_autoptr(CharterKnowledgeBase) kb = load_fixture ("full.json");
  GListModel *documents = charter_knowledge_base_get_documents (kb);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(CharterDocument) document = g_list_model_get_item (documents, i);
      g_autoptr(CharterRichText) text = charter_document_render (document);

      g_assert_nonnull (text);
      g_assert_cmpuint (charter_rich_text_get_length (text), ==,
                        g_utf8_strlen (charter_rich_text_get_text (text), -1));
    }
}

/* An entry someone still holds outlives its knowledge base safely. */
static void
test_outlive (void)
{
  CharterKnowledgeBase *kb = load_fixture ("full.json");
  g_autoptr(CharterTopic) topic = g_list_model_get_item (charter_knowledge_base_get_topics (kb), 0);
  g_autoptr(CharterDocument) document =
    g_list_model_get_item (charter_knowledge_base_get_documents (kb), 0);
  g_autofree char *id = g_strdup (charter_entry_get_id (CHARTER_ENTRY (topic)));

  g_object_add_weak_pointer (G_OBJECT (kb), (gpointer *) &kb);
  g_object_unref (kb);
  g_assert_null (kb);

  g_assert_cmpstr (charter_entry_get_id (CHARTER_ENTRY (topic)), ==, id);
  g_assert_null (charter_topic_get_parent (topic));
  g_assert_cmpuint (g_list_model_get_n_items (charter_topic_get_documents (topic)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (charter_document_get_topics (document)), ==, 0);
}

static void
test_finalized (void)
{
  CharterKnowledgeBase *kb = load_fixture ("full.json");
  CharterEntry *entry = NULL;
  g_autoptr(CharterEntry) held = NULL;

  held = g_list_model_get_item (charter_knowledge_base_get_documents (kb), 1);
  entry = CHARTER_ENTRY (held);
  g_object_add_weak_pointer (G_OBJECT (entry), (gpointer *) &entry);
  g_object_add_weak_pointer (G_OBJECT (kb), (gpointer *) &kb);

  g_object_unref (kb);
  g_assert_null (kb);
  g_assert_nonnull (entry);
  g_clear_object (&held);
  g_assert_null (entry);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model/lists", test_lists);
  g_test_add_func ("/model/tree", test_tree);
  g_test_add_func ("/model/links-both-ways", test_links_both_ways);
  g_test_add_func ("/model/minimal", test_minimal);
  g_test_add_func ("/model/render", test_render);
  g_test_add_func ("/model/outlive", test_outlive);
  g_test_add_func ("/model/finalized", test_finalized);

  return g_test_run ();
}
