/*
 * main.c: the wbs binary; everything else lives in the library.
 */
#include "cli.h"

int
main(int argc, char *argv[])
{
	return cli_main(argc, argv);
}
