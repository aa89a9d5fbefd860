/* charter-loader.c
 *
 * One load: read the bytes, check what json-glib cannot be trusted with
 * (encoding, nesting), parse, then one pass over the tree that builds the
 * model and collects every problem with its JSON path. Positions are found
 * afterwards, only for the paths that have problems (see charter-locate.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-loader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "charter-loader.h"
#include "charter-locate.h"
#include "charter-model-private.h"

#define FORMAT_VERSION 1
#define MAX_ID_LENGTH  128

struct _CharterLoader
{
  GObject       parent_instance;
  GListStore   *problems;
  guint         n_errors;
  guint         n_warnings;
  double        progress;
  GMainContext *context;
  gboolean      busy;
};

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CharterLoader, charter_loader, G_TYPE_OBJECT)
G_DEFINE_QUARK (charter-loader-error-quark, charter_loader_error)

static GParamSpec *properties[N_PROPS];

typedef struct
{
  CharterSeverity  severity;
  char            *path;
  char            *message;
  /* A problem about a place json-glib or the pre-checks found already
   * carries its byte offset; the others are located by path.
   */
  gsize            offset;
  /* For "first defined at": the path of the other place, if any. */
  char            *related_path;
  guint            line;
  guint            column;
} Pending;

typedef struct
{
  /* Input. */
  GBytes        *bytes;
  const char    *data;
  gsize          length;
  gsize          n_lines;
  /* Hashes the input beside the parse, for caches keyed by content. */
  GThread       *hash_thread;

  /* Output. */
  GPtrArray     *pending;
  guint          n_errors;
  guint          n_warnings;
  gboolean       truncated;

  /* Model under construction. */
  GHashTable    *by_id;
  GPtrArray     *topics;
  GPtrArray     *principles;
  GPtrArray     *documents;

  /* Progress, reported to the loader's thread. */
  CharterLoader *loader;
  JsonParser    *parser;
  double         last_progress;
} Load;

typedef struct
{
  CharterLoader *loader;
  double         progress;
} ProgressUpdate;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->path);
  g_free (p->message);
  g_free (p->related_path);
  g_free (p);
}

static gpointer
hash_thread_func (gpointer data)
{
  Load *load = data;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) load->data,
                                      load->length);
}

static char *
join_hash_thread (Load *load)
{
  if (load->hash_thread == NULL)
    return NULL;
  return g_thread_join (g_steal_pointer (&load->hash_thread));
}

static void
load_free (Load *load)
{
  g_free (join_hash_thread (load));
  g_clear_pointer (&load->bytes, g_bytes_unref);
  g_clear_pointer (&load->pending, g_ptr_array_unref);
  g_clear_pointer (&load->by_id, g_hash_table_unref);
  g_clear_pointer (&load->topics, g_ptr_array_unref);
  g_clear_pointer (&load->principles, g_ptr_array_unref);
  g_clear_pointer (&load->documents, g_ptr_array_unref);
  g_clear_object (&load->loader);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static Load *
load_new (CharterLoader *loader,
          GBytes        *bytes)
{
  Load *load = g_new0 (Load, 1);

  load->loader = g_object_ref (loader);
  load->bytes = g_bytes_ref (bytes);
  load->data = g_bytes_get_data (bytes, &load->length);
  if (load->data == NULL)
    load->data = "";
  load->pending = g_ptr_array_new_with_free_func (pending_free);

  return load;
}

/* Takes ownership of @path and @message. */
static void
add_problem (Load            *load,
             CharterSeverity  severity,
             gsize            offset,
             char            *path,
             char            *message)
{
  Pending *p;

  if (severity == CHARTER_SEVERITY_ERROR)
    load->n_errors++;
  else
    load->n_warnings++;

  /* A million broken documents must not become a million messages. */
  if (load->pending->len >= CHARTER_LOADER_MAX_PROBLEMS)
    {
      load->truncated = TRUE;
      g_free (path);
      g_free (message);
      return;
    }

  p = g_new0 (Pending, 1);
  p->severity = severity;
  p->offset = offset;
  p->path = path;
  p->message = message;
  g_ptr_array_add (load->pending, p);
}

static void G_GNUC_PRINTF (4, 5)
error_at (Load       *load,
          const char *path,
          const char *field,
          const char *format,
          ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_problem (load, CHARTER_SEVERITY_ERROR, G_MAXSIZE,
               field ? g_strconcat (path, "/", field, NULL) : g_strdup (path),
               message);
}

static void G_GNUC_PRINTF (4, 5)
warning_at (Load       *load,
            const char *path,
            const char *field,
            const char *format,
            ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_problem (load, CHARTER_SEVERITY_WARNING, G_MAXSIZE,
               field ? g_strconcat (path, "/", field, NULL) : g_strdup (path),
               message);
}

/* Escapes a member name as a JSON Pointer segment (RFC 6901). */
static char *
pointer_segment (const char *name)
{
  GString *s;

  if (strpbrk (name, "~/") == NULL)
    return g_strdup (name);

  s = g_string_new (NULL);
  for (const char *c = name; *c; c++)
    {
      if (*c == '~')
        g_string_append (s, "~0");
      else if (*c == '/')
        g_string_append (s, "~1");
      else
        g_string_append_c (s, *c);
    }

  return g_string_free (s, FALSE);
}

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");

    case JSON_NODE_ARRAY:
      return _("an array");

    case JSON_NODE_NULL:
      return _("null");

    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");

    case G_TYPE_BOOLEAN:
      return _("true or false");

    default:
      return _("a number");
    }
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static void
wrong_type (Load       *load,
            const char *path,
            const char *field,
            const char *expected,
            JsonNode   *node)
{
  error_at (load, path, field, _("expected %s, found %s"), expected, describe_node (node));
}

/* Returns the string member @field, or %NULL (with a problem recorded if it
 * is required or of the wrong type).
 */
static const char *
get_string (Load       *load,
            JsonObject *object,
            const char *path,
            const char *field,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    {
      if (required)
        error_at (load, path, NULL, _("missing required field “%s”"), field);
      return NULL;
    }

  if (!is_string (node))
    {
      wrong_type (load, path, field, _("a string"), node);
      return NULL;
    }

  return json_node_get_string (node);
}

static const char *
get_title (Load       *load,
           JsonObject *object,
           const char *path)
{
  const char *title = get_string (load, object, path, "title", TRUE);

  if (title != NULL && *title == '\0')
    {
      error_at (load, path, "title", _("“title” must not be empty"));
      return NULL;
    }

  return title;
}

static gboolean
is_valid_id (const char *id)
{
  gsize n = 0;

  if (!g_ascii_isalnum (id[0]))
    return FALSE;

  for (const char *c = id; *c; c++, n++)
    {
      if (!g_ascii_isalnum (*c) && *c != '.' && *c != '_' && *c != '-')
        return FALSE;
    }

  return n <= MAX_ID_LENGTH;
}

static const char *
get_id (Load       *load,
        JsonObject *object,
        const char *path)
{
  const char *id = get_string (load, object, path, "id", TRUE);

  if (id != NULL && !is_valid_id (id))
    {
      error_at (load, path, "id",
                _("invalid id “%s”: use 1 to %u letters, digits, “.”, “_” or “-”, "
                  "starting with a letter or digit"),
                id, MAX_ID_LENGTH);
      return NULL;
    }

  return id;
}

/* Returns the array member @field, or %NULL if it is absent or not an array. */
static JsonArray *
get_array (Load       *load,
           JsonObject *object,
           const char *path,
           const char *field)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (load, path, field, _("an array"), node);
      return NULL;
    }

  return json_node_get_array (node);
}

static void
check_fields (Load               *load,
              JsonObject         *object,
              const char         *path,
              const char * const *known)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *segment = NULL;

      if (g_strv_contains (known, name))
        continue;

      segment = pointer_segment (name);
      warning_at (load, path, segment, _("unknown field “%s”"), name);
    }
}

static gboolean
is_valid_language (const char *tag)
{
  const char *c = tag;
  guint n = 0;

  /* Primary subtag: 2–3 letters; then subtags of 2–8 letters or digits. */
  while (g_ascii_isalpha (*c))
    c++, n++;
  if (n < 2 || n > 3)
    return FALSE;

  while (*c == '-')
    {
      c++;
      for (n = 0; g_ascii_isalnum (*c); c++)
        n++;
      if (n < 2 || n > 8)
        return FALSE;
    }

  return *c == '\0';
}

static gboolean
is_valid_date (const char *date)
{
  guint year, month, day;

  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (date, NULL, 10);
  month = (guint) g_ascii_strtoull (date + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (date + 8, NULL, 10);

  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static const char *
kind_name (gpointer entry)
{
  if (CHARTER_IS_TOPIC (entry))
    return _("a topic");
  if (CHARTER_IS_PRINCIPLE (entry))
    return _("a principle");
  return _("a document");
}

/* An entry's JSON Pointer, for messages: only built when there is one. */
static char *
entry_path (gpointer entry)
{
  const char *array = CHARTER_IS_TOPIC (entry) ? "topics"
                    : CHARTER_IS_PRINCIPLE (entry) ? "principles"
                    : "documents";

  return g_strdup_printf ("/%s/%u", array, charter_entry_get_index (entry));
}

static void
register_entry (Load         *load,
                CharterEntry *entry,
                const char   *id,
                const char   *path)
{
  CharterEntry *first;

  if (id == NULL)
    return;

  first = g_hash_table_lookup (load->by_id, id);
  if (first != NULL)
    {
      Pending *p;

      error_at (load, path, "id", _("duplicate id “%s”"), id);
      /* The first definition's place is filled in once positions are known. */
      if (!load->truncated)
        {
          g_autofree char *first_path = entry_path (first);

          p = g_ptr_array_index (load->pending, load->pending->len - 1);
          p->related_path = g_strconcat (first_path, "/id", NULL);
        }
      return;
    }

  g_hash_table_insert (load->by_id, (gpointer) id, entry);
}

/* Resolves an array of ids to entries of @type, recording problems. */
static void
resolve_references (Load       *load,
                    JsonObject *object,
                    const char *path,
                    const char *field,
                    GType       type,
                    GPtrArray **into)
{
  JsonArray *array = get_array (load, object, path, field);
  guint n;

  if (array == NULL)
    return;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element_path = NULL;
      const char *id;
      gpointer entry;

      if (!is_string (node))
        {
          element_path = g_strdup_printf ("%s/%s/%u", path, field, i);
          wrong_type (load, element_path, NULL,
                      type == CHARTER_TYPE_TOPIC ? _("a topic id") : _("a principle id"),
                      node);
          continue;
        }

      id = json_node_get_string (node);
      entry = g_hash_table_lookup (load->by_id, id);
      if (entry == NULL || !G_TYPE_CHECK_INSTANCE_TYPE (entry, type))
        {
          element_path = g_strdup_printf ("%s/%s/%u", path, field, i);
          if (entry != NULL)
            error_at (load, element_path, NULL, _("“%s” is %s, not %s"), id,
                      kind_name (entry),
                      type == CHARTER_TYPE_TOPIC ? _("a topic") : _("a principle"));
          else if (type == CHARTER_TYPE_TOPIC)
            error_at (load, element_path, NULL, _("unknown topic “%s”"), id);
          else
            error_at (load, element_path, NULL, _("unknown principle “%s”"), id);
          continue;
        }

      charter_ptr_array_add (into, entry);
    }
}

static JsonObject *
element_object (Load       *load,
                JsonArray  *array,
                guint       index,
                const char *path)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (load, path, NULL, _("an object"), node);
      return NULL;
    }

  return json_node_get_object (node);
}

static void
read_topics (Load      *load,
             JsonArray *array)
{
  static const char * const known[] = { "id", "title", "summary", "parent", NULL };
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/topics/%u", i);
      JsonObject *object = element_object (load, array, i, path);
      CharterTopic *topic;
      const char *id;

      if (object == NULL)
        continue;

      topic = g_object_new (CHARTER_TYPE_TOPIC, NULL);
      id = get_id (load, object, path);
      charter_entry_set_fields (CHARTER_ENTRY (topic), i, object, id,
                                get_title (load, object, path),
                                get_string (load, object, path, "summary", FALSE));
      check_fields (load, object, path, known);
      g_ptr_array_add (load->topics, topic);
      register_entry (load, CHARTER_ENTRY (topic), id, path);
    }
}

static void
read_principles (Load      *load,
                 JsonArray *array)
{
  static const char * const known[] = { "id", "title", "summary", "topics", NULL };
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/principles/%u", i);
      JsonObject *object = element_object (load, array, i, path);
      CharterPrinciple *principle;
      const char *id;

      if (object == NULL)
        continue;

      principle = g_object_new (CHARTER_TYPE_PRINCIPLE, NULL);
      id = get_id (load, object, path);
      charter_entry_set_fields (CHARTER_ENTRY (principle), i, object, id,
                                get_title (load, object, path),
                                get_string (load, object, path, "summary", FALSE));
      check_fields (load, object, path, known);
      g_ptr_array_add (load->principles, principle);
      register_entry (load, CHARTER_ENTRY (principle), id, path);
    }
}

static void
read_source (Load            *load,
             JsonObject      *object,
             const char      *path,
             CharterDocument *document)
{
  static const char * const known[] = { "publisher", "url", NULL };
  JsonNode *node = json_object_get_member (object, "source");
  g_autofree char *source_path = NULL;
  JsonObject *source;
  const char *url;

  if (node == NULL)
    return;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (load, path, "source", _("an object"), node);
      return;
    }

  source = json_node_get_object (node);
  source_path = g_strconcat (path, "/source", NULL);
  document->source_publisher = get_string (load, source, source_path, "publisher", FALSE);

  url = get_string (load, source, source_path, "url", FALSE);
  if (url != NULL &&
      !g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    {
      error_at (load, source_path, "url",
                _("source URL “%s” must start with http:// or https://"), url);
      url = NULL;
    }
  document->source_url = url;

  check_fields (load, source, source_path, known);
}

static void
read_documents (Load      *load,
                JsonArray *array)
{
  static const char * const known[] = {
    "id", "title", "summary", "date", "source", "topics", "principles", "body", NULL
  };
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/documents/%u", i);
      JsonObject *object = element_object (load, array, i, path);
      CharterDocument *document;
      const char *id;
      const char *date;
      const char *body;

      if (object == NULL)
        continue;

      document = g_object_new (CHARTER_TYPE_DOCUMENT, NULL);
      id = get_id (load, object, path);
      charter_entry_set_fields (CHARTER_ENTRY (document), i, object, id,
                                get_title (load, object, path),
                                get_string (load, object, path, "summary", FALSE));

      date = get_string (load, object, path, "date", FALSE);
      if (date != NULL && !is_valid_date (date))
        {
          error_at (load, path, "date",
                    _("invalid date “%s”: expected a real date as YYYY-MM-DD"), date);
          date = NULL;
        }
      document->date = date;

      read_source (load, object, path, document);

      body = get_string (load, object, path, "body", TRUE);
      if (body != NULL)
        {
          gsize length = strlen (body);

          if (length > CHARTER_LOADER_MAX_BODY)
            {
              error_at (load, path, "body",
                        _("body is too long: %" G_GSIZE_FORMAT " bytes, the limit is %u"),
                        length, CHARTER_LOADER_MAX_BODY);
              body = NULL;
            }
          else
            document->body_length = length;
        }
      document->body = body ? body : "";

      check_fields (load, object, path, known);
      g_ptr_array_add (load->documents, document);
      register_entry (load, CHARTER_ENTRY (document), id, path);
    }
}

/* Second pass: links between entries, now that every id is known. */
static void
resolve_topics (Load *load)
{
  for (guint i = 0; i < load->topics->len; i++)
    {
      CharterTopic *topic = g_ptr_array_index (load->topics, i);
      JsonObject *object = charter_entry_get_object (CHARTER_ENTRY (topic));
      g_autofree char *path = entry_path (topic);
      JsonNode *node = json_object_get_member (object, "parent");
      const char *parent_id;
      gpointer parent;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (!is_string (node))
        {
          wrong_type (load, path, "parent", _("a topic id or null"), node);
          continue;
        }

      parent_id = json_node_get_string (node);
      parent = g_hash_table_lookup (load->by_id, parent_id);
      if (parent == NULL)
        {
          error_at (load, path, "parent", _("unknown parent topic “%s”"), parent_id);
          continue;
        }

      if (!CHARTER_IS_TOPIC (parent))
        {
          error_at (load, path, "parent", _("“%s” is %s, not %s"), parent_id,
                    kind_name (parent), _("a topic"));
          continue;
        }

      topic->parent = parent;
    }
}

static gboolean
move_to_done (gpointer    key,
              gpointer    value,
              GHashTable *done)
{
  g_hash_table_add (done, key);
  return TRUE;
}

static void
report_cycle (Load         *load,
              CharterTopic *member)
{
  g_autoptr(GString) chain = g_string_new (NULL);
  CharterTopic *first = member;
  g_autofree char *path = NULL;

  /* Name the cycle from the member that comes first in the file. */
  for (CharterTopic *c = member->parent; c != member; c = c->parent)
    if (charter_entry_get_index (CHARTER_ENTRY (c)) <
        charter_entry_get_index (CHARTER_ENTRY (first)))
      first = c;

  g_string_append (chain, charter_entry_get_id (CHARTER_ENTRY (first)));
  for (CharterTopic *c = first->parent; ; c = c->parent)
    {
      g_string_append (chain, " → ");
      g_string_append (chain, charter_entry_get_id (CHARTER_ENTRY (c)));
      if (c == first)
        break;
    }

  path = entry_path (first);
  error_at (load, path, "parent", _("topic “%s” is its own ancestor: %s"),
            charter_entry_get_id (CHARTER_ENTRY (first)), chain->str);
}

/* Follows each chain of parents once (linear time, whatever the shape). A
 * chain that comes back on itself is reported once and then broken, so that
 * nothing later walks it forever.
 */
static void
check_cycles (Load *load)
{
  g_autoptr(GHashTable) visiting = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < load->topics->len; i++)
    {
      CharterTopic *start = g_ptr_array_index (load->topics, i);
      CharterTopic *t;

      for (t = start;
           t != NULL && !g_hash_table_contains (done, t) && !g_hash_table_contains (visiting, t);
           t = t->parent)
        g_hash_table_add (visiting, t);

      if (t != NULL && g_hash_table_contains (visiting, t))
        {
          CharterTopic *member = t;

          report_cycle (load, member);
          do
            {
              CharterTopic *next = t->parent;

              t->parent = NULL;
              t = next;
            }
          while (t != member);
        }

      for (t = start; t != NULL && g_hash_table_contains (visiting, t); t = t->parent)
        {
          g_hash_table_remove (visiting, t);
          g_hash_table_add (done, t);
        }
      /* A broken cycle leaves members that the walk above no longer reaches. */
      g_hash_table_foreach_steal (visiting, (GHRFunc) move_to_done, done);
    }

  for (guint i = 0; i < load->topics->len; i++)
    {
      CharterTopic *topic = g_ptr_array_index (load->topics, i);

      if (topic->parent != NULL)
        charter_ptr_array_add (&topic->parent->children, topic);
    }
}

static void
resolve_principles (Load *load)
{
  for (guint i = 0; i < load->principles->len; i++)
    {
      CharterPrinciple *principle = g_ptr_array_index (load->principles, i);
      JsonObject *object = charter_entry_get_object (CHARTER_ENTRY (principle));
      g_autofree char *path = entry_path (principle);

      resolve_references (load, object, path, "topics", CHARTER_TYPE_TOPIC, &principle->topics);
      for (guint j = 0; principle->topics && j < principle->topics->len; j++)
        {
          CharterTopic *topic = g_ptr_array_index (principle->topics, j);

          charter_ptr_array_add (&topic->principles, principle);
        }
    }
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-';
}

/* A link to an entry that does not exist is a warning: the rest of the
 * document reads fine. Only the link forms CommonMark gives meaning to are
 * looked for: `](kb:ID)` and `<kb:ID>`.
 */
static void
check_links (Load            *load,
             CharterDocument *document,
             const char      *path)
{
  const char *body = document->body;
  const char *end = body + document->body_length;
  const char *p = body;

  /* Bodies come from json-glib, so they end in a NUL. */
  while ((p = strstr (p, "kb:")) != NULL)
    {
      const char *id = p + 3;
      const char *q = id;

      if (p > body && (p[-1] == '(' || p[-1] == '<'))
        {
          while (q < end && is_id_char (*q))
            q++;

          if (q > id && (q == end || *q == ')' || *q == '>' || *q == ' ' || *q == '#'))
            {
              g_autofree char *target = g_strndup (id, (gsize) (q - id));

              if (!g_hash_table_contains (load->by_id, target))
                warning_at (load, path, "body", _("link to unknown entry “%s”"), target);
            }
        }

      p = q > id ? q : id;
    }
}

static void
resolve_documents (Load *load)
{
  for (guint i = 0; i < load->documents->len; i++)
    {
      CharterDocument *document = g_ptr_array_index (load->documents, i);
      JsonObject *object = charter_entry_get_object (CHARTER_ENTRY (document));
      g_autofree char *path = entry_path (document);

      resolve_references (load, object, path, "topics", CHARTER_TYPE_TOPIC, &document->topics);
      resolve_references (load, object, path, "principles", CHARTER_TYPE_PRINCIPLE,
                          &document->principles);

      for (guint j = 0; document->topics && j < document->topics->len; j++)
        {
          CharterTopic *topic = g_ptr_array_index (document->topics, j);

          charter_ptr_array_add (&topic->documents, document);
        }
      for (guint j = 0; document->principles && j < document->principles->len; j++)
        {
          CharterPrinciple *principle = g_ptr_array_index (document->principles, j);

          charter_ptr_array_add (&principle->documents, document);
        }

      check_links (load, document, path);
    }
}

static gboolean
read_header (Load        *load,
             JsonObject  *root,
             guint       *format,
             const char **id,
             const char **title,
             const char **language,
             const char **description)
{
  static const char * const known[] = {
    "charter-format", "id", "title", "language", "description",
    "topics", "principles", "documents", NULL
  };
  JsonNode *node = json_object_get_member (root, "charter-format");

  *format = 0;
  if (node == NULL)
    error_at (load, "", NULL, _("missing required field “%s”"), "charter-format");
  else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    wrong_type (load, "", "charter-format", _("an integer"), node);
  else
    {
      gint64 version = json_node_get_int (node);

      if (version > FORMAT_VERSION)
        {
          error_at (load, "", "charter-format",
                    _("unsupported format version %" G_GINT64_FORMAT "; "
                      "this version of Charter reads version %d"),
                    version, FORMAT_VERSION);
          /* Its fields may mean something else: checking them would only
           * bury the one message that matters under noise.
           */
          return FALSE;
        }
      else if (version < 1)
        error_at (load, "", "charter-format",
                  _("invalid format version %" G_GINT64_FORMAT), version);
      else
        *format = (guint) version;
    }

  *id = get_id (load, root, "");
  *title = get_title (load, root, "");
  *language = get_string (load, root, "", "language", TRUE);
  if (*language != NULL && !is_valid_language (*language))
    {
      error_at (load, "", "language",
                _("invalid language tag “%s”: expected a tag such as “en” or “zh-CN”"),
                *language);
      *language = NULL;
    }
  *description = get_string (load, root, "", "description", FALSE);
  check_fields (load, root, "", known);

  return TRUE;
}

static CharterKnowledgeBase *
build (Load     *load,
       JsonNode *root_node)
{
  JsonObject *root;
  const char *id, *title, *language, *description;
  JsonArray *topics, *principles, *documents;
  guint format;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      error_at (load, "", NULL, _("the top level must be an object, not %s"),
                describe_node (root_node));
      return NULL;
    }

  root = json_node_get_object (root_node);
  if (!read_header (load, root, &format, &id, &title, &language, &description))
    return NULL;

  topics = get_array (load, root, "", "topics");
  principles = get_array (load, root, "", "principles");
  documents = get_array (load, root, "", "documents");

  load->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  load->topics = g_ptr_array_new_full (topics ? json_array_get_length (topics) : 0,
                                       g_object_unref);
  load->principles = g_ptr_array_new_full (principles ? json_array_get_length (principles) : 0,
                                           g_object_unref);
  load->documents = g_ptr_array_new_full (documents ? json_array_get_length (documents) : 0,
                                          g_object_unref);

  read_topics (load, topics);
  read_principles (load, principles);
  read_documents (load, documents);

  resolve_topics (load);
  check_cycles (load);
  resolve_principles (load);
  resolve_documents (load);

  if (load->n_errors > 0)
    return NULL;

  return charter_knowledge_base_new (root_node, format, id, title, language, description,
                                     g_steal_pointer (&load->topics),
                                     g_steal_pointer (&load->principles),
                                     g_steal_pointer (&load->documents),
                                     g_steal_pointer (&load->by_id));
}

static void
syntax_error (Load         *load,
              const GError *error)
{
  g_autofree char *message = NULL;
  guint line, column;
  gsize offset = 0;

  message = charter_locate_parse_error (error->message, &line, &column);
  if (line > 0)
    offset = charter_locate_line_start (load->data, load->length, line) + (column ? column - 1 : 0);

  add_problem (load, CHARTER_SEVERITY_ERROR, MIN (offset, load->length), NULL,
               g_strdup_printf (_("JSON syntax error: %s"), message));
}

static void
encoding_error (Load *load)
{
  const char *end = NULL;
  gsize offset;
  guchar byte;

  g_utf8_validate_len (load->data, load->length, &end);
  offset = (gsize) (end - load->data);
  byte = offset < load->length ? (guchar) load->data[offset] : 0;

  if (byte == 0)
    add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                 g_strdup (_("the file contains a NUL byte; a knowledge base is UTF-8 text")));
  else
    add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                 g_strdup_printf (_("the file is not valid UTF-8: unexpected byte 0x%02x"),
                                  byte));
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize oa = *(const gsize *) a;
  gsize ob = *(const gsize *) b;

  return oa < ob ? -1 : oa > ob;
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const Pending *pa = *(const Pending * const *) a;
  const Pending *pb = *(const Pending * const *) b;

  if (pa->offset != pb->offset)
    return pa->offset < pb->offset ? -1 : 1;
  return 0;
}

/* Turns paths into offsets and offsets into lines and columns, then sorts
 * the problems the way a reader goes through the file.
 */
static void
locate (Load *load)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GArray) offsets = NULL;
  g_autofree char *stop_path = NULL;
  gsize stop = load->length;
  guint n = load->pending->len;

  for (guint i = 0; i < n; i++)
    {
      Pending *p = g_ptr_array_index (load->pending, i);
      const char *paths[] = { p->path, p->related_path };

      for (guint k = 0; k < G_N_ELEMENTS (paths); k++)
        {
          if (paths[k] != NULL && !g_hash_table_contains (wanted, paths[k]))
            {
              gsize *slot = g_new (gsize, 1);

              *slot = G_MAXSIZE;
              g_hash_table_insert (wanted, (gpointer) paths[k], slot);
            }
        }

      /* Problems found before parsing know their offset, not their path. */
      if (p->path == NULL)
        stop = p->offset;
    }

  stop_path = charter_locate_paths (load->data, load->length, wanted, stop);

  offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n * 2);
  for (guint i = 0; i < n; i++)
    {
      Pending *p = g_ptr_array_index (load->pending, i);
      gsize related = G_MAXSIZE;

      /* The place of an encoding error may be inside a broken name. */
      if (p->path == NULL)
        p->path = charter_locate_drop_invalid_utf8 (stop_path);
      else
        {
          gsize *slot = g_hash_table_lookup (wanted, p->path);

          /* A member that could not be found (say, reached through an
           * escape the scan does not decode) falls back to its parent.
           */
          p->offset = *slot != G_MAXSIZE ? *slot : 0;
        }

      if (p->related_path != NULL)
        related = *(gsize *) g_hash_table_lookup (wanted, p->related_path);

      g_array_append_val (offsets, p->offset);
      g_array_append_val (offsets, related);
    }

  /* The sweep wants its offsets in order; index the pairs to put them back. */
  {
    g_autofree gsize *sorted = g_memdup2 (offsets->data, sizeof (gsize) * offsets->len);
    g_autofree guint *sorted_lines = g_new0 (guint, offsets->len);
    g_autofree guint *sorted_columns = g_new0 (guint, offsets->len);

    qsort (sorted, offsets->len, sizeof (gsize), compare_offsets);
    charter_locate_positions (load->data, load->length, sorted, offsets->len,
                              sorted_lines, sorted_columns);

    for (guint i = 0; i < n; i++)
      {
        Pending *p = g_ptr_array_index (load->pending, i);
        gsize *hit;

        hit = bsearch (&p->offset, sorted, offsets->len, sizeof (gsize), compare_offsets);
        p->line = sorted_lines[hit - sorted];
        p->column = sorted_columns[hit - sorted];

        if (p->related_path != NULL)
          {
            gsize related = g_array_index (offsets, gsize, 2 * i + 1);
            char *message;

            if (related != G_MAXSIZE)
              {
                hit = bsearch (&related, sorted, offsets->len, sizeof (gsize), compare_offsets);
                message = g_strdup_printf (_("%s; first defined at %u:%u"), p->message,
                                           sorted_lines[hit - sorted],
                                           sorted_columns[hit - sorted]);
                g_free (p->message);
                p->message = message;
              }
          }
      }
  }

  g_ptr_array_sort (load->pending, compare_pending);
}

static gboolean
progress_cb (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->loader->progress != update->progress)
    {
      update->loader->progress = update->progress;
      g_object_notify_by_pspec (G_OBJECT (update->loader), properties[PROP_PROGRESS]);
    }

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->loader);
  g_free (update);
}

/* Called in the worker; the property changes in the loader's own thread. */
static void
report_progress (Load   *load,
                 double  fraction)
{
  ProgressUpdate *update = g_new (ProgressUpdate, 1);

  load->last_progress = fraction;
  update->loader = g_object_ref (load->loader);
  update->progress = fraction;
  g_main_context_invoke_full (load->loader->context, G_PRIORITY_DEFAULT,
                              progress_cb, update, progress_free);
}

static void
array_element_cb (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  Load       *load)
{
  double fraction;

  /* Lines are what json-glib can tell; a file on one line shows progress
   * only between phases.
   */
  fraction = (double) json_parser_get_current_line (parser) / (double) load->n_lines;
  if (fraction - load->last_progress >= 0.01)
    report_progress (load, 0.05 + 0.85 * fraction);
}

static CharterKnowledgeBase *
load_run (Load          *load,
          GCancellable  *cancellable)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb = NULL;
  gsize offset;
  gsize i;

  for (i = 0; i < load->length; i++)
    if (!g_ascii_isspace (load->data[i]))
      break;

  if (i == load->length)
    {
      add_problem (load, CHARTER_SEVERITY_ERROR, 0, g_strdup (""),
                   g_strdup (_("the file is empty")));
      goto out;
    }

  if (load->length >= 3 && memcmp (load->data, "\xef\xbb\xbf", 3) == 0)
    {
      add_problem (load, CHARTER_SEVERITY_ERROR, 0, g_strdup (""),
                   g_strdup (_("the file starts with a byte order mark; save it as UTF-8 "
                               "without one")));
      goto out;
    }

  switch (charter_locate_precheck (load->data, load->length, CHARTER_LOADER_MAX_DEPTH,
                                   &offset, &load->n_lines))
    {
    case CHARTER_PRECHECK_OK:
      break;

    case CHARTER_PRECHECK_TOO_DEEP:
      add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                   g_strdup_printf (_("nesting is deeper than %u levels"),
                                    CHARTER_LOADER_MAX_DEPTH));
      goto out;

    case CHARTER_PRECHECK_COMMENT:
      add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                   g_strdup (_("JSON syntax error: comments are not allowed in JSON")));
      goto out;

    case CHARTER_PRECHECK_SINGLE_QUOTE:
      add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                   g_strdup (_("JSON syntax error: strings must be in double quotes")));
      goto out;

    case CHARTER_PRECHECK_CONTROL_CHARACTER:
      add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                   g_strdup_printf (_("JSON syntax error: control character U+%04X in a string "
                                      "(is a closing quote missing?)"),
                                    (guint) (guchar) load->data[offset]));
      goto out;

    case CHARTER_PRECHECK_LONE_SURROGATE:
      add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                   g_strdup_printf (_("JSON syntax error: “%.6s” is half of a surrogate pair; "
                                      "it is not a character"),
                                    load->data + offset));
      goto out;

    case CHARTER_PRECHECK_BAD_ESCAPE:
      {
        const char *escape = load->data + offset;
        gsize n = 1;
        g_autofree char *shown = NULL;

        /* Show the backslash and what follows it, up to a \uXXXX's length. */
        while (offset + n < load->length && n < (escape[1] == 'u' ? 6 : 2) &&
               escape[n] != '"' && (guchar) escape[n] >= 0x20)
          n++;
        shown = g_utf8_make_valid (escape, (gssize) n);
        add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                     g_strdup_printf (_("JSON syntax error: invalid escape “%s”"), shown));
      }
      goto out;

    case CHARTER_PRECHECK_TRAILING:
      add_problem (load, CHARTER_SEVERITY_ERROR, offset, NULL,
                   g_strdup (_("JSON syntax error: unexpected text after the top-level value")));
      goto out;

    default:
      g_assert_not_reached ();
    }

  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  report_progress (load, 0.05);
  /* On two cores the hash costs no time: json-glib parses on this one. */
  load->hash_thread = g_thread_new ("charter-hash", hash_thread_func, load);
  parser = json_parser_new ();
  g_signal_connect (parser, "array-element", G_CALLBACK (array_element_cb), load);
  /* json-glib checks the encoding itself; only a failure is looked into. */
  if (!json_parser_load_from_data (parser, load->data, (gssize) load->length, &error))
    {
      if (g_error_matches (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA) &&
          !g_utf8_validate_len (load->data, load->length, NULL))
        encoding_error (load);
      else
        syntax_error (load, error);
      goto out;
    }

  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  report_progress (load, 0.9);
  kb = build (load, json_parser_get_root (parser));
  if (kb != NULL)
    {
      g_autofree char *hash = join_hash_thread (load);

      charter_knowledge_base_set_content_hash (kb, hash);
    }

out:
  if (load->pending->len > 0)
    locate (load);

  if (load->truncated)
    {
      Pending *p = g_new0 (Pending, 1);

      p->severity = CHARTER_SEVERITY_ERROR;
      p->path = g_strdup ("");
      p->message = g_strdup_printf (_("too many problems; only the first %u are listed"),
                                    CHARTER_LOADER_MAX_PROBLEMS);
      p->line = 1;
      p->column = 1;
      g_ptr_array_add (load->pending, p);
    }

  report_progress (load, 1.0);

  return kb;
}

/* Publishes a finished load's problems; runs in the loader's thread. */
static void
publish (CharterLoader *self,
         Load          *load)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < load->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (load->pending, i);

      g_ptr_array_add (problems, charter_problem_new (p->severity, p->line, p->column,
                                                      p->path ? p->path : "", p->message));
    }

  self->n_errors = load->n_errors;
  self->n_warnings = load->n_warnings;
  g_list_store_splice (self->problems, 0, g_list_model_get_n_items (G_LIST_MODEL (self->problems)),
                       problems->pdata, problems->len);
}

static CharterKnowledgeBase *
finish (CharterLoader         *self,
        Load                  *load,
        CharterKnowledgeBase  *kb,
        GError               **error)
{
  publish (self, load);

  if (kb == NULL)
    {
      g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The knowledge base has %u error",
                                "The knowledge base has %u errors",
                                load->n_errors),
                   load->n_errors);
    }

  return kb;
}

static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  char *contents = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                   _("Cannot read “%s”: it is a folder, not a file"), name);
      return NULL;
    }

  /* A pipe or a device would block the read forever, or never end. */
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_SPECIAL)
    {
      g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                   _("Cannot read “%s”: it is not a regular file"), name);
      return NULL;
    }

  if (info != NULL && (guint64) g_file_info_get_size (info) > CHARTER_LOADER_MAX_FILE_SIZE)
    {
      g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                   _("Cannot read “%s”: it is larger than the limit of %u MiB"), name,
                   (guint) (CHARTER_LOADER_MAX_FILE_SIZE >> 20));
      return NULL;
    }

  g_clear_error (&local_error);
  /* A local file is read in one go into a buffer of its size; GIO's
   * generic reader grows its buffer, copying as it goes.
   */
  if (g_file_peek_path (file) != NULL)
    {
      if (!g_file_get_contents (g_file_peek_path (file), &contents, &length, &local_error))
        {
          if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                         _("Cannot read “%s”: there is no such file"), name);
          else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
            g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                         _("Cannot read “%s”: permission denied"), name);
          else
            g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                         _("Cannot read “%s”: %s"), name, local_error->message);
          return NULL;
        }
    }
  else if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                     _("Cannot read “%s”: there is no such file"), name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                     _("Cannot read “%s”: permission denied"), name);
      else
        g_set_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ,
                     _("Cannot read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

typedef struct
{
  GFile *file;
  Load  *load;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *td = data;

  g_clear_object (&td->file);
  g_clear_pointer (&td->load, load_free);
  g_free (td);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CharterLoader *self = source_object;
  TaskData *td = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;

  bytes = read_file (td->file, cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  td->load = load_new (self, bytes);
  kb = load_run (td->load, cancellable);

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_object (&kb);
      return;
    }

  /* The input is not needed any more: let it go before the model is used. */
  g_clear_pointer (&td->load->bytes, g_bytes_unref);
  g_task_return_pointer (task, kb, kb ? g_object_unref : NULL);
}

static void
charter_loader_finalize (GObject *object)
{
  CharterLoader *self = CHARTER_LOADER (object);

  g_clear_object (&self->problems);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (charter_loader_parent_class)->finalize (object);
}

static void
charter_loader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CharterLoader *self = CHARTER_LOADER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_loader_class_init (CharterLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_loader_finalize;
  object_class->get_property = charter_loader_get_property;

  /**
   * CharterLoader:progress:
   *
   * How far the current load has come, from 0 to 1. Notified in the thread
   * that started the load.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_loader_init (CharterLoader *self)
{
  self->problems = g_list_store_new (CHARTER_TYPE_PROBLEM);
  self->context = g_main_context_ref_thread_default ();
}

CharterLoader *
charter_loader_new (void)
{
  return g_object_new (CHARTER_TYPE_LOADER, NULL);
}

double
charter_loader_get_progress (CharterLoader *self)
{
  g_return_val_if_fail (CHARTER_IS_LOADER (self), 0.0);

  return self->progress;
}

/**
 * charter_loader_get_problems:
 *
 * The errors and warnings of the last finished load, in file order.
 *
 * Returns: (transfer none): a list of #CharterProblem
 */
GListModel *
charter_loader_get_problems (CharterLoader *self)
{
  g_return_val_if_fail (CHARTER_IS_LOADER (self), NULL);

  return G_LIST_MODEL (self->problems);
}

/**
 * charter_loader_get_n_errors:
 *
 * Returns: the number of errors the last load found, including any beyond
 *   %CHARTER_LOADER_MAX_PROBLEMS that are not listed
 */
guint
charter_loader_get_n_errors (CharterLoader *self)
{
  g_return_val_if_fail (CHARTER_IS_LOADER (self), 0);

  return self->n_errors;
}

guint
charter_loader_get_n_warnings (CharterLoader *self)
{
  g_return_val_if_fail (CHARTER_IS_LOADER (self), 0);

  return self->n_warnings;
}

/**
 * charter_loader_load_async:
 *
 * Reads, parses and validates @file in a worker thread. One load at a time
 * per loader.
 */
void
charter_loader_load_async (CharterLoader       *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (CHARTER_IS_LOADER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  td = g_new0 (TaskData, 1);
  td->file = g_object_ref (file);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, charter_loader_load_async);
  g_task_set_task_data (task, td, task_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * charter_loader_load_finish:
 *
 * Returns: (transfer full): the knowledge base, or %NULL with @error set:
 *   %CHARTER_LOADER_ERROR_READ, %CHARTER_LOADER_ERROR_INVALID (see
 *   charter_loader_get_problems()) or %G_IO_ERROR_CANCELLED
 */
CharterKnowledgeBase *
charter_loader_load_finish (CharterLoader  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  TaskData *td;
  g_autoptr(GError) local_error = NULL;
  CharterKnowledgeBase *kb;

  g_return_val_if_fail (CHARTER_IS_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  td = g_task_get_task_data (G_TASK (result));
  kb = g_task_propagate_pointer (G_TASK (result), &local_error);

  /* Cancelled or unreadable: there was no validation, nothing to publish. */
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return finish (self, td->load, kb, error);
}

/**
 * charter_loader_load_bytes:
 * @bytes: the knowledge base's contents, for example from a GResource
 *
 * Like charter_loader_load_file(), from memory, in the calling thread.
 */
CharterKnowledgeBase *
charter_loader_load_bytes (CharterLoader  *self,
                           GBytes         *bytes,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(Load) load = NULL;
  CharterKnowledgeBase *kb;

  g_return_val_if_fail (CHARTER_IS_LOADER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  load = load_new (self, bytes);
  kb = load_run (load, cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_object (&kb);
      return NULL;
    }

  return finish (self, load, kb, error);
}

/**
 * charter_loader_load_file:
 *
 * Reads, parses and validates @file in the calling thread: for the command
 * line and tests. The window uses charter_loader_load_async().
 *
 * Returns: (transfer full): see charter_loader_load_finish()
 */
CharterKnowledgeBase *
charter_loader_load_file (CharterLoader  *self,
                          GFile          *file,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (CHARTER_IS_LOADER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = read_file (file, cancellable, error);
  if (bytes == NULL)
    return NULL;

  return charter_loader_load_bytes (self, bytes, cancellable, error);
}
