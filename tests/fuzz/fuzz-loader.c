/* fuzz-loader.c: libFuzzer target for the knowledge base loader
 *
 * Loads each input from memory with a fresh loader. When the input is
 * accepted, walks the whole model the way the window would (every entry,
 * every topic's ancestors, every document rendered) and checks what the
 * validator promises: ids resolve, the topic tree has no cycle, spans stay
 * inside their text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fuzz-loader"

#include <string.h>

#include "charter-loader.h"

#include "fuzz-common.h"

static void
check_entry (CharterKnowledgeBase *kb,
             CharterEntry         *entry)
{
  const char *id = charter_entry_get_id (entry);
  const char *title = charter_entry_get_title (entry);
  const char *summary = charter_entry_get_summary (entry);

  FUZZ_CHECK (id != NULL);
  FUZZ_CHECK (id[0] != '\0' && strlen (id) <= 128);
  FUZZ_CHECK (title != NULL && g_utf8_validate (title, -1, NULL));
  FUZZ_CHECK (summary == NULL || g_utf8_validate (summary, -1, NULL));
  /* Topics, principles and documents share one id namespace. */
  FUZZ_CHECK (charter_knowledge_base_lookup (kb, id) == entry);
}

/* Every item of a cross-reference list must be an entry of the same
 * knowledge base, of the type the list promises.
 */
static void
check_links (CharterKnowledgeBase *kb,
             GListModel           *model,
             GType                 item_type)
{
  guint n_items;

  FUZZ_CHECK (model != NULL);
  FUZZ_CHECK (g_type_is_a (g_list_model_get_item_type (model), item_type));

  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CharterEntry) entry = g_list_model_get_item (model, i);

      FUZZ_CHECK (entry != NULL);
      FUZZ_CHECK (G_TYPE_CHECK_INSTANCE_TYPE (entry, item_type));
      FUZZ_CHECK (charter_knowledge_base_lookup (kb, charter_entry_get_id (entry)) == entry);
    }

  FUZZ_CHECK (g_list_model_get_item (model, n_items) == NULL);
}

static void
check_topics (CharterKnowledgeBase *kb)
{
  GListModel *topics = charter_knowledge_base_get_topics (kb);
  GListModel *roots = charter_knowledge_base_get_root_topics (kb);
  guint n_topics = g_list_model_get_n_items (topics);
  guint n_roots = g_list_model_get_n_items (roots);

  FUZZ_CHECK (n_roots <= n_topics);
  /* A tree with topics in it has at least one root. */
  FUZZ_CHECK (n_topics == 0 || n_roots > 0);

  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(CharterTopic) topic = g_list_model_get_item (topics, i);
      CharterTopic *ancestor;
      guint steps = 0;

      FUZZ_CHECK (CHARTER_IS_TOPIC (topic));
      check_entry (kb, CHARTER_ENTRY (topic));
      check_links (kb, charter_topic_get_children (topic), CHARTER_TYPE_TOPIC);
      check_links (kb, charter_topic_get_principles (topic), CHARTER_TYPE_PRINCIPLE);
      check_links (kb, charter_topic_get_documents (topic), CHARTER_TYPE_DOCUMENT);

      /* The validator rejects parent cycles, so climbing from any topic
       * reaches a root in fewer steps than there are topics.
       */
      for (ancestor = charter_topic_get_parent (topic);
           ancestor != NULL;
           ancestor = charter_topic_get_parent (ancestor))
        {
          FUZZ_CHECK (++steps < n_topics);
          FUZZ_CHECK (ancestor != topic);
        }
    }

  for (guint i = 0; i < n_roots; i++)
    {
      g_autoptr(CharterTopic) root = g_list_model_get_item (roots, i);

      FUZZ_CHECK (CHARTER_IS_TOPIC (root));
      FUZZ_CHECK (charter_topic_get_parent (root) == NULL);
    }
}

static void
check_principles (CharterKnowledgeBase *kb)
{
  GListModel *principles = charter_knowledge_base_get_principles (kb);
  guint n_principles = g_list_model_get_n_items (principles);

  for (guint i = 0; i < n_principles; i++)
    {
      g_autoptr(CharterPrinciple) principle = g_list_model_get_item (principles, i);

      FUZZ_CHECK (CHARTER_IS_PRINCIPLE (principle));
      check_entry (kb, CHARTER_ENTRY (principle));
      check_links (kb, charter_principle_get_topics (principle), CHARTER_TYPE_TOPIC);
      check_links (kb, charter_principle_get_documents (principle), CHARTER_TYPE_DOCUMENT);
    }
}

static void
check_documents (CharterKnowledgeBase *kb)
{
  GListModel *documents = charter_knowledge_base_get_documents (kb);
  guint n_documents = g_list_model_get_n_items (documents);

  for (guint i = 0; i < n_documents; i++)
    {
      g_autoptr(CharterDocument) document = g_list_model_get_item (documents, i);
      g_autoptr(CharterRichText) rich_text = NULL;
      const char *body;
      const char *date;
      const char *publisher;
      const char *url;

      FUZZ_CHECK (CHARTER_IS_DOCUMENT (document));
      check_entry (kb, CHARTER_ENTRY (document));
      check_links (kb, charter_document_get_topics (document), CHARTER_TYPE_TOPIC);
      check_links (kb, charter_document_get_principles (document), CHARTER_TYPE_PRINCIPLE);

      body = charter_document_get_body (document);
      FUZZ_CHECK (body != NULL && g_utf8_validate (body, -1, NULL));
      FUZZ_CHECK (strlen (body) <= CHARTER_LOADER_MAX_BODY);

      date = charter_document_get_date (document);
      FUZZ_CHECK (date == NULL || strlen (date) == 10);

      publisher = charter_document_get_source_publisher (document);
      FUZZ_CHECK (publisher == NULL || g_utf8_validate (publisher, -1, NULL));

      /* Charter shows the source URL as a link: nothing but http(s). */
      url = charter_document_get_source_url (document);
      FUZZ_CHECK (url == NULL ||
                  g_str_has_prefix (url, "http://") ||
                  g_str_has_prefix (url, "https://"));

      rich_text = charter_document_render (document);
      fuzz_check_rich_text (rich_text);
    }
}

static void
check_problems (CharterLoader *loader)
{
  GListModel *problems = charter_loader_get_problems (loader);
  guint n_problems;

  FUZZ_CHECK (problems != NULL);

  n_problems = g_list_model_get_n_items (problems);
  FUZZ_CHECK (n_problems <= CHARTER_LOADER_MAX_PROBLEMS);

  for (guint i = 0; i < n_problems; i++)
    {
      g_autoptr(CharterProblem) problem = g_list_model_get_item (problems, i);
      g_autofree char *formatted = NULL;
      const char *message;
      const char *path;

      FUZZ_CHECK (CHARTER_IS_PROBLEM (problem));

      /* Messages and paths quote the input back to the user, and the
       * problems list shows them in labels: they must be valid UTF-8 even
       * when the input is not.
       */
      message = charter_problem_get_message (problem);
      FUZZ_CHECK (message != NULL && message[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (message, -1, NULL));

      path = charter_problem_get_path (problem);
      FUZZ_CHECK (path == NULL || g_utf8_validate (path, -1, NULL));

      formatted = charter_problem_format (problem, "fuzz.json");
      FUZZ_CHECK (formatted != NULL);
      FUZZ_CHECK (g_utf8_validate (formatted, -1, NULL));
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  kb = charter_loader_load_bytes (loader, bytes, NULL, &error);

  /* Exactly one of a knowledge base and an error. */
  FUZZ_CHECK ((kb == NULL) != (error == NULL));
  FUZZ_CHECK (error == NULL || error->domain == CHARTER_LOADER_ERROR);
  FUZZ_CHECK (error == NULL || error->message != NULL);

  /* An accepted file has no errors; a rejected one says at least one. */
  if (kb != NULL)
    FUZZ_CHECK (charter_loader_get_n_errors (loader) == 0);
  else if (error->code == CHARTER_LOADER_ERROR_INVALID)
    FUZZ_CHECK (charter_loader_get_n_errors (loader) > 0);

  check_problems (loader);

  if (kb != NULL)
    {
      const char *description = charter_knowledge_base_get_description (kb);

      FUZZ_CHECK (charter_knowledge_base_get_format (kb) == 1);
      FUZZ_CHECK (charter_knowledge_base_get_id (kb) != NULL);
      FUZZ_CHECK (charter_knowledge_base_get_language (kb) != NULL);
      /* JSON escapes can spell invalid UTF-8 (a lone surrogate, "\ud800")
       * even in a file whose bytes are valid: every string has to be checked
       * after parsing, not only the file before.
       */
      FUZZ_CHECK (charter_knowledge_base_get_title (kb) != NULL);
      FUZZ_CHECK (g_utf8_validate (charter_knowledge_base_get_title (kb), -1, NULL));
      FUZZ_CHECK (description == NULL || g_utf8_validate (description, -1, NULL));

      check_topics (kb);
      check_principles (kb);
      check_documents (kb);
    }

  g_clear_object (&kb);
  g_clear_object (&loader);
  fuzz_drain_main_context ();

  return 0;
}
