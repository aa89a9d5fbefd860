/* charter-locate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-locate"

#include "config.h"

#include <string.h>

#include "charter-locate.h"

typedef struct
{
  gboolean is_object;
  gboolean expect_key;
  gboolean has_child;
  guint    index;
  gsize    base_length;
} Frame;

/* Returns the offset just past the closing quote, or @length. */
static gsize
skip_string (const char *data,
             gsize       length,
             gsize       i)
{
  for (i++; i < length; i++)
    {
      if (data[i] == '\\')
        i++;
      else if (data[i] == '"')
        return i + 1;
    }

  return length;
}

static void
append_unichar (GString  *out,
                gunichar  c)
{
  if (g_unichar_validate (c))
    g_string_append_unichar (out, c);
  else
    g_string_append (out, "\xef\xbf\xbd");
}

/* Appends the key that starts at @i as a JSON Pointer segment (RFC 6901). */
static void
append_key (GString    *path,
            const char *data,
            gsize       length,
            gsize       i)
{
  g_string_append_c (path, '/');

  for (i++; i < length && data[i] != '"'; i++)
    {
      char c = data[i];

      if (c == '\\' && i + 1 < length)
        {
          c = data[++i];
          switch (c)
            {
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u':
              if (i + 4 < length)
                {
                  char hex[5] = { 0 };
                  gunichar u;

                  memcpy (hex, data + i + 1, 4);
                  u = (gunichar) g_ascii_strtoull (hex, NULL, 16);
                  i += 4;
                  if (u >= 0xd800 && u < 0xdc00 && i + 6 < length &&
                      data[i + 1] == '\\' && data[i + 2] == 'u')
                    {
                      gunichar low;

                      memcpy (hex, data + i + 3, 4);
                      low = (gunichar) g_ascii_strtoull (hex, NULL, 16);
                      if (low >= 0xdc00 && low < 0xe000)
                        {
                          u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                          i += 6;
                        }
                    }
                  append_unichar (path, u);
                }
              continue;
            default:
              break;
            }
        }

      if (c == '~')
        g_string_append (path, "~0");
      else if (c == '/')
        g_string_append (path, "~1");
      else
        g_string_append_c (path, c);
    }
}

static void
record (GHashTable *offsets,
        GString    *path,
        gsize       offset)
{
  gsize *slot = g_hash_table_lookup (offsets, path->str);

  /* G_MAXSIZE marks a path that is wanted and not found yet; the first
   * place found wins, so a member keeps its key's position.
   */
  if (slot != NULL && *slot == G_MAXSIZE)
    *slot = offset;
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Non-zero if a byte of @x is below @n (n ≤ 128). */
static inline guint64
has_less (guint64 x,
          guint8  n)
{
  return (x - ONES * n) & ~x & HIGHS;
}

static inline guint64
has_byte (guint64 x,
          guint8  b)
{
  return has_less (x ^ (ONES * b), 1);
}

/* Bodies are most of a knowledge base: skip eight string bytes at a time
 * while none of them is a quote, a backslash or a control character.
 */
static gsize
skip_plain (const char *data,
            gsize       length,
            gsize       i)
{
  while (i + 8 <= length)
    {
      guint64 x;

      memcpy (&x, data + i, 8);
      if (has_less (x, 0x20) | has_byte (x, '"') | has_byte (x, '\\'))
        break;
      i += 8;
    }

  return i;
}

static int
hex_value (const char *p)
{
  int value = 0;

  for (guint k = 0; k < 4; k++)
    {
      int d = g_ascii_xdigit_value (p[k]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }

  return value;
}

/* json-glib lets malformed escapes through as bytes that are not UTF-8,
 * and half a surrogate pair too. @i is at the backslash.
 */
static CharterPrecheck
check_escape (const char *data,
              gsize       length,
              gsize       i,
              gsize      *skip)
{
  int high, low;

  *skip = 1;

  if (i + 1 >= length || strchr ("\"\\/bfnrtu", data[i + 1]) == NULL || data[i + 1] == '\0')
    return CHARTER_PRECHECK_BAD_ESCAPE;
  if (data[i + 1] != 'u')
    return CHARTER_PRECHECK_OK;

  if (i + 6 > length || (high = hex_value (data + i + 2)) < 0)
    return CHARTER_PRECHECK_BAD_ESCAPE;

  *skip = 5;
  if (high >= 0xdc00 && high < 0xe000)
    return CHARTER_PRECHECK_LONE_SURROGATE;
  if (high < 0xd800 || high >= 0xdc00)
    return CHARTER_PRECHECK_OK;

  if (i + 12 > length || data[i + 6] != '\\' || data[i + 7] != 'u' ||
      (low = hex_value (data + i + 8)) < 0xdc00 || low >= 0xe000)
    return CHARTER_PRECHECK_LONE_SURROGATE;

  *skip = 11;
  return CHARTER_PRECHECK_OK;
}

/**
 * charter_locate_precheck:
 * @offset: (out): where the first problem is
 * @n_lines: (out): how many lines the text has
 *
 * Runs before json-glib sees the text. Its parser recurses once per level
 * and would overflow the stack on deeply nested input, and it quietly
 * accepts what JSON does not allow: comments, single quotes, raw control
 * characters in strings. One pass over the bytes finds all of these.
 */
CharterPrecheck
charter_locate_precheck (const char *data,
                         gsize       length,
                         guint       max_depth,
                         gsize      *offset,
                         gsize      *n_lines)
{
  CharterPrecheck result = CHARTER_PRECHECK_OK;
  gboolean ended = FALSE;
  guint depth = 0;
  gsize lines = 1;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        {
          lines++;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\r')
        continue;

      /* json-glib keeps the first of two top-level values and leaks the
       * second; JSON allows nothing but whitespace after the one value.
       */
      if (ended)
        {
          result = CHARTER_PRECHECK_TRAILING;
          break;
        }

      if (c == '"')
        {
          for (i = skip_plain (data, length, i + 1);
               i < length && data[i] != '"';
               i = skip_plain (data, length, i + 1))
            {
              /* A NUL is left to the encoding check, which names it. */
              if ((guchar) data[i] < 0x20 && data[i] != '\0')
                {
                  result = CHARTER_PRECHECK_CONTROL_CHARACTER;
                  break;
                }
              if (data[i] == '\\')
                {
                  gsize skip;

                  result = check_escape (data, length, i, &skip);
                  if (result != CHARTER_PRECHECK_OK)
                    break;
                  i += skip;
                }
            }
          if (result != CHARTER_PRECHECK_OK)
            break;
          ended = depth == 0;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              result = CHARTER_PRECHECK_TOO_DEEP;
              break;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            ended = --depth == 0;
        }
      else if (c == '/')
        {
          result = CHARTER_PRECHECK_COMMENT;
          break;
        }
      else if (c == '\'')
        {
          result = CHARTER_PRECHECK_SINGLE_QUOTE;
          break;
        }
      else if (depth == 0)
        {
          /* A number or literal as the whole document: skip its run. */
          while (i + 1 < length && (g_ascii_isalnum (data[i + 1]) || data[i + 1] == '.' ||
                                    data[i + 1] == '+' || data[i + 1] == '-'))
            i++;
          ended = TRUE;
        }
      /* Numbers and literals inside containers: json-glib judges them. */
    }

  *offset = result == CHARTER_PRECHECK_OK ? length : i;
  *n_lines = lines;

  return result;
}

/**
 * charter_locate_paths:
 * @offsets: JSON Pointer → `gsize *` set to %G_MAXSIZE; filled with the byte
 *   offset of each path found: a member's key, an element's first byte
 * @stop: stop scanning at this byte offset
 *
 * Tolerates malformed text, so that it can also tell where a syntax error
 * sits in the tree.
 *
 * Returns: (transfer full): the path of the value being read at @stop
 */
char *
charter_locate_paths (const char *data,
                      gsize       length,
                      GHashTable *offsets,
                      gsize       stop)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GString) path = g_string_new (NULL);
  gboolean root_seen = FALSE;
  gsize i = 0;

  stop = MIN (stop, length);

  while (i < stop)
    {
      Frame *top = stack->len ? &g_array_index (stack, Frame, stack->len - 1) : NULL;
      char c = data[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':')
        {
          i++;
          continue;
        }

      if (c == ',')
        {
          if (top != NULL)
            {
              g_string_truncate (path, top->base_length);
              top->has_child = FALSE;
              if (top->is_object)
                top->expect_key = TRUE;
              else
                top->index++;
            }
          i++;
          continue;
        }

      if (c == '}' || c == ']')
        {
          if (top != NULL)
            {
              g_string_truncate (path, top->base_length);
              g_array_set_size (stack, stack->len - 1);
            }
          i++;
          continue;
        }

      if (top != NULL && top->is_object && top->expect_key)
        {
          if (c == '"')
            {
              g_string_truncate (path, top->base_length);
              append_key (path, data, length, i);
              record (offsets, path, i);
              top->expect_key = FALSE;
              top->has_child = TRUE;
              i = skip_string (data, length, i);
            }
          else
            i++;
          continue;
        }

      /* Anything else starts a value: name its place first. */
      if (top != NULL && !top->is_object && !top->has_child)
        {
          g_string_truncate (path, top->base_length);
          g_string_append_printf (path, "/%u", top->index);
          top->has_child = TRUE;
          record (offsets, path, i);
        }
      else if (top == NULL && !root_seen)
        {
          record (offsets, path, i);
          root_seen = TRUE;
        }

      if (c == '{' || c == '[')
        {
          Frame frame = { c == '{', c == '{', FALSE, 0, path->len };

          g_array_append_val (stack, frame);
          i++;
        }
      else if (c == '"')
        i = skip_string (data, length, i);
      else
        {
          /* Numbers, literals and stray characters: one run at a time. */
          for (i++; i < length; i++)
            if (strchr (" \t\r\n,:[]{}\"", data[i]) != NULL)
              break;
        }
    }

  return g_strdup (path->str);
}

/**
 * charter_locate_positions:
 * @offsets: byte offsets, sorted ascending
 * @lines: (out caller-allocates): 1-based lines
 * @columns: (out caller-allocates): 1-based columns, counted in characters
 *
 * One sweep for all offsets: a file with many problems is read once.
 */
void
charter_locate_positions (const char  *data,
                          gsize        length,
                          const gsize *offsets,
                          guint        n_offsets,
                          guint       *lines,
                          guint       *columns)
{
  guint line = 1;
  guint column = 1;
  gsize i = 0;

  for (guint k = 0; k < n_offsets; k++)
    {
      gsize target = MIN (offsets[k], length);

      for (; i < target; i++)
        {
          guchar c = (guchar) data[i];

          if (c == '\n')
            {
              line++;
              column = 1;
            }
          else if ((c & 0xc0) != 0x80)
            column++;
        }

      lines[k] = line;
      columns[k] = column;
    }
}

/**
 * charter_locate_line_start:
 * @line: 1-based line
 *
 * Returns: the byte offset where @line starts, or @length past the end
 */
gsize
charter_locate_line_start (const char *data,
                           gsize       length,
                           guint       line)
{
  gsize i = 0;

  while (line > 1 && i < length)
    {
      const char *nl = memchr (data + i, '\n', length - i);

      if (nl == NULL)
        return length;
      i = (gsize) (nl - data) + 1;
      line--;
    }

  return i;
}

/**
 * charter_locate_drop_invalid_utf8:
 * @text: a nul-terminated string, perhaps cut in the middle of a character
 *
 * Returns: (transfer full): @text without the bytes that are not UTF-8
 */
char *
charter_locate_drop_invalid_utf8 (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *end;

  while (!g_utf8_validate (text, -1, &end))
    {
      g_string_append_len (out, text, end - text);
      text = end + 1;
    }
  g_string_append (out, text);

  return g_string_free (out, FALSE);
}

/**
 * charter_locate_parse_error:
 * @message: a json-glib parse error message
 * @line: (out): its 1-based line, or 0 if it names none
 * @column: (out): its 1-based column in bytes, or 0 if it names none
 *
 * json-glib's messages start with "<data>:LINE:COL: Parse error: ", and the
 * token they quote may be cut in the middle of a character. The position is
 * kept in @line and @column, the prefix is dropped, and so are the bytes that
 * are not UTF-8.
 *
 * Returns: (transfer full): what is wrong, in valid UTF-8
 */
char *
charter_locate_parse_error (const char *message,
                            guint      *line,
                            guint      *column)
{
  const char *rest;
  char *end;

  *line = 0;
  *column = 0;
  if (g_str_has_prefix (message, "<data>:"))
    {
      *line = (guint) g_ascii_strtoull (message + 7, &end, 10);
      if (*end == ':')
        *column = (guint) g_ascii_strtoull (end + 1, &end, 10);
      message = *end == ':' ? end + 1 : message;
      while (*message == ' ')
        message++;
    }

  rest = strstr (message, "Parse error: ");
  if (rest != NULL)
    message = rest + strlen ("Parse error: ");

  return charter_locate_drop_invalid_utf8 (message);
}
