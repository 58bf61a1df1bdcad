/* The i18n tag library ({% load i18n %}). */
#include "tag_api.h"

const wtag_def weft_tags_i18n[] = {
    {NULL, NULL, NULL, NULL},
};
