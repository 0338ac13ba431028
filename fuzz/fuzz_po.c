/*
 * fuzz_po.c: libFuzzer harness for the .po reader and Accept-Language
 * negotiation. The input is parsed as a catalogue for each language,
 * a few keys are looked up, and a NUL-terminated copy of the input is
 * handed to lang_from_accept. Any crash or sanitizer report is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const keys[] = {
		"", "a", "home.title", "msgid", "\n", "k.1",
	};
	struct i18n *t = i18n_new();
	const char *v;
	char err[256], *copy;
	size_t i;
	enum lang l;

	for (l = 0; l < LANG__MAX; l++) {
		if (i18n_add_po(t, l, "fuzz.po", (const char *)data, len, err,
		    sizeof(err)) == -1 && err[0] == '\0')
			abort();	/* an error must always be explained */
		for (i = 0; i < NELEM(keys); i++) {
			v = i18n_get(t, l, keys[i]);
			if (v != NULL && !utf8_valid(v, strlen(v)))
				abort();
			if (i18n_has(t, l, keys[i]) && (v == NULL || *v == '\0'))
				abort();
		}
	}
	i18n_free(t);

	copy = xmalloc(len + 1);
	if (len > 0)
		memcpy(copy, data, len);
	copy[len] = '\0';
	l = lang_from_accept(copy);
	if ((unsigned)l >= LANG__MAX)
		abort();
	free(copy);
	return 0;
}
