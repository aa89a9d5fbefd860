/* charter-tokenizer.c: words for the search index, folded for matching
 *
 * The index and the highlighter share this one function, so a word found by
 * SQLite is exactly the word painted in the view.
 *
 * - Letters and digits of alphabetic scripts make words. They are folded:
 *   compatibility-decomposed (so "ﬁ" is "fi" and a full-width "Ａ" is "a"),
 *   marks dropped (so "é" is "e"), lower-cased.
 * - Chinese and Japanese characters are one token each. FTS5 turns a run of
 *   several into a phrase, so any substring of a text finds it: "主权" is the
 *   phrase 主 权, "网络空间" the phrase 网 络 空 间.
 * - Everything else separates words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-tokenizer"

#include "config.h"

#include "charter-tokenizer.h"

#include <string.h>

gboolean
charter_unichar_is_cjk (gunichar c)
{
  return (c >= 0x3040 && c <= 0x30FF)      /* Hiragana, Katakana */
      || (c >= 0x31F0 && c <= 0x31FF)      /* Katakana extensions */
      || (c >= 0x3400 && c <= 0x4DBF)      /* CJK extension A */
      || (c >= 0x4E00 && c <= 0x9FFF)      /* CJK unified ideographs */
      || (c >= 0xF900 && c <= 0xFAFF)      /* CJK compatibility ideographs */
      || (c >= 0xFF66 && c <= 0xFF9F)      /* half-width Katakana */
      || (c >= 0x20000 && c <= 0x3134F);   /* extensions B to G */
}

static inline gboolean
is_hangul_syllable (gunichar c)
{
  return c >= 0xAC00 && c <= 0xD7A3;
}

gsize
charter_unichar_fold (gunichar  c,
                      gboolean  letters_only,
                      char     *out)
{
  gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_parts;
  gsize length = 0;

  if (is_hangul_syllable (c))
    {
      /* Canonical decomposition would split the syllable into jamo. */
      parts[0] = c;
      n_parts = 1;
    }
  else
    n_parts = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));

  for (gsize i = 0; i < n_parts; i++)
    {
      gunichar part = parts[i];

      if (g_unichar_ismark (part) || (letters_only && !g_unichar_isalnum (part)))
        continue;

      /* The case folds that lower-casing misses, so that "Straße" is found
       * as "strasse" and a final sigma as any other.
       */
      if (part == 0x00DF || part == 0x1E9E)
        {
          out[length++] = 's';
          out[length++] = 's';
          continue;
        }
      if (part == 0x03C2)
        part = 0x03C3;

      length += (gsize) g_unichar_to_utf8 (g_unichar_tolower (part), out + length);
    }

  return length;
}

/* Appends @c folded to the token, whole characters only, as far as it fits. */
static void
fold (gunichar  c,
      char     *buffer,
      gsize    *length)
{
  char folded[CHARTER_FOLD_MAX];
  gsize n = charter_unichar_fold (c, TRUE, folded);

  for (const char *p = folded; p < folded + n; p = g_utf8_next_char (p))
    {
      gsize size = (gsize) (g_utf8_next_char (p) - p);

      if (*length + size > CHARTER_TOKEN_MAX)
        return;
      memcpy (buffer + *length, p, size);
      *length += size;
    }
}

void
charter_tokenize (const char       *text,
                  gsize             length,
                  CharterTokenFunc  func,
                  gpointer          user_data)
{
  char token[CHARTER_TOKEN_MAX + 1];
  gsize token_length = 0;
  gsize start = 0;
  gboolean in_word = FALSE;
  gsize i = 0;

  g_return_if_fail (text != NULL || length == 0);
  g_return_if_fail (func != NULL);

  while (i < length)
    {
      guchar byte = (guchar) text[i];

      if (byte < 0x80)
        {
          /* The fast path: most text is ASCII. */
          if (g_ascii_isalnum (byte))
            {
              if (!in_word)
                {
                  in_word = TRUE;
                  start = i;
                  token_length = 0;
                }
              if (token_length < CHARTER_TOKEN_MAX)
                token[token_length++] = g_ascii_tolower (byte);
            }
          else if (in_word)
            {
              in_word = FALSE;
              token[token_length] = '\0';
              if (token_length > 0 && !func (token, token_length, start, i, user_data))
                return;
            }
          i++;
          continue;
        }

      {
        const char *p = text + i;
        gunichar c = g_utf8_get_char_validated (p, (gssize) (length - i));
        gsize next;

        if (c == (gunichar) -1 || c == (gunichar) -2)
          {
            /* Not UTF-8: a separator, one byte at a time. */
            c = 0xFFFD;
            next = i + 1;
          }
        else
          next = (gsize) (g_utf8_next_char (p) - text);

        if (charter_unichar_is_cjk (c))
          {
            if (in_word)
              {
                in_word = FALSE;
                token[token_length] = '\0';
                if (token_length > 0 && !func (token, token_length, start, i, user_data))
                  return;
              }
            token_length = (gsize) g_unichar_to_utf8 (c, token);
            token[token_length] = '\0';
            if (!func (token, token_length, i, next, user_data))
              return;
          }
        else if (g_unichar_isalnum (c) || (in_word && g_unichar_ismark (c)))
          {
            if (!in_word)
              {
                in_word = TRUE;
                start = i;
                token_length = 0;
              }
            fold (c, token, &token_length);
          }
        else if (in_word)
          {
            in_word = FALSE;
            token[token_length] = '\0';
            if (token_length > 0 && !func (token, token_length, start, i, user_data))
              return;
          }
        i = next;
      }
    }

  if (in_word && token_length > 0)
    {
      token[token_length] = '\0';
      func (token, token_length, start, length, user_data);
    }
}
