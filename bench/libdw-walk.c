/* libdw-walk: the reference walk for bench/walk-vmlinux.sh.
 *
 * Opens an ELF file with elfutils libdw, iterates every unit (dwarf_get_units),
 * walks every DIE of each unit depth-first (dwarf_child / dwarf_siblingof) and
 * decodes the value of every attribute of every DIE (dwarf_getattrs with a
 * callback that calls the dwarf_form* function of the attribute's form class),
 * then prints what it counted:
 *
 *   units: N                  compile, partial and type units
 *   dies: N                   DIEs, not counting the null entries
 *   null_entries: N           null entries ending a list of children (*)
 *   dies_with_nulls: N        dies + null_entries
 *   attributes: N             attribute values decoded
 *   decode_errors: N          values a dwarf_form* call failed on
 *
 * (*) libdw never hands out the null entries. Each DIE whose abbreviation says
 * DW_CHILDREN_yes has exactly one null entry ending its list of children (an
 * empty list is that entry alone), so null_entries counts those DIEs. Padding
 * nulls after a unit's last DIE, which some producers emit, are not counted.
 *
 * Relocatable objects (kernel modules, .o) are opened through libdwfl, which
 * applies the relocations to the debug sections; other files through
 * dwarf_begin_elf. Single-threaded: libdw of elfutils <= 0.190 is not
 * thread-safe.
 *
 * Build: cc -O2 -o libdw-walk bench/libdw-walk.c -ldw -lelf
 * Usage: libdw-walk [-v] FILE
 *   -v  also print the attributes decoded per form class, and the elapsed time
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum form_class {
    FC_ADDRESS,
    FC_CONSTANT,
    FC_SCONSTANT,
    FC_STRING,
    FC_REFERENCE,
    FC_FLAG,
    FC_BLOCK,
    FC_SECOFFSET,
    FC_COUNT
};

static const char *const class_names[FC_COUNT] = {
    "address", "constant", "sconstant", "string", "reference", "flag", "block", "sec_offset",
};

struct counts {
    uint64_t units;
    uint64_t dies;
    uint64_t nulls;
    uint64_t attributes;
    uint64_t errors;
    uint64_t by_class[FC_COUNT];
    uint64_t unknown_forms;
    /* A checksum of the decoded values, so that no decode can be optimised away
     * and two runs can be compared. */
    uint64_t checksum;
    /* Offset of the DIE whose attributes are being decoded, for messages. */
    Dwarf_Off die_offset;
};

static int form_class(unsigned int form)
{
    switch (form) {
    case DW_FORM_addr:
    case DW_FORM_addrx:
    case DW_FORM_addrx1:
    case DW_FORM_addrx2:
    case DW_FORM_addrx3:
    case DW_FORM_addrx4:
    case DW_FORM_GNU_addr_index:
        return FC_ADDRESS;
    case DW_FORM_data1:
    case DW_FORM_data2:
    case DW_FORM_data4:
    case DW_FORM_data8:
    case DW_FORM_udata:
        return FC_CONSTANT;
    case DW_FORM_sdata:
    case DW_FORM_implicit_const:
        return FC_SCONSTANT;
    case DW_FORM_string:
    case DW_FORM_strp:
    case DW_FORM_line_strp:
    case DW_FORM_strp_sup:
    case DW_FORM_strx:
    case DW_FORM_strx1:
    case DW_FORM_strx2:
    case DW_FORM_strx3:
    case DW_FORM_strx4:
    case DW_FORM_GNU_strp_alt:
    case DW_FORM_GNU_str_index:
        return FC_STRING;
    case DW_FORM_ref1:
    case DW_FORM_ref2:
    case DW_FORM_ref4:
    case DW_FORM_ref8:
    case DW_FORM_ref_udata:
    case DW_FORM_ref_addr:
    case DW_FORM_ref_sig8:
    case DW_FORM_ref_sup4:
    case DW_FORM_ref_sup8:
    case DW_FORM_GNU_ref_alt:
        return FC_REFERENCE;
    case DW_FORM_flag:
    case DW_FORM_flag_present:
        return FC_FLAG;
    case DW_FORM_block:
    case DW_FORM_block1:
    case DW_FORM_block2:
    case DW_FORM_block4:
    case DW_FORM_exprloc:
    case DW_FORM_data16:
        return FC_BLOCK;
    case DW_FORM_sec_offset:
    case DW_FORM_loclistx:
    case DW_FORM_rnglistx:
        return FC_SECOFFSET;
    default:
        return -1;
    }
}

static int decode_attr(Dwarf_Attribute *attr, void *arg)
{
    struct counts *c = arg;
    unsigned int form = dwarf_whatform(attr);
    int cls = form_class(form);
    int ok = 0;
    c->attributes++;
    switch (cls) {
    case FC_ADDRESS: {
        Dwarf_Addr a;
        ok = dwarf_formaddr(attr, &a) == 0;
        if (ok)
            c->checksum += a;
        break;
    }
    case FC_CONSTANT:
    case FC_SECOFFSET: {
        Dwarf_Word w;
        ok = dwarf_formudata(attr, &w) == 0;
        if (ok)
            c->checksum += w;
        break;
    }
    case FC_SCONSTANT: {
        Dwarf_Sword s;
        ok = dwarf_formsdata(attr, &s) == 0;
        if (ok)
            c->checksum += (uint64_t)s;
        break;
    }
    case FC_STRING: {
        const char *s = dwarf_formstring(attr);
        ok = s != NULL;
        if (ok)
            c->checksum += (unsigned char)s[0];
        break;
    }
    case FC_REFERENCE: {
        Dwarf_Die target;
        ok = dwarf_formref_die(attr, &target) != NULL;
        if (ok)
            c->checksum += dwarf_dieoffset(&target);
        break;
    }
    case FC_FLAG: {
        bool f;
        ok = dwarf_formflag(attr, &f) == 0;
        if (ok)
            c->checksum += f;
        break;
    }
    case FC_BLOCK: {
        Dwarf_Block b;
        ok = dwarf_formblock(attr, &b) == 0;
        if (ok)
            c->checksum += b.length;
        break;
    }
    default:
        c->unknown_forms++;
        break;
    }
    if (cls >= 0)
        c->by_class[cls]++;
    if (!ok) {
        if (c->errors < 5)
            fprintf(stderr, "libdw-walk: DIE 0x%" PRIx64 ": cannot decode attribute 0x%x, form 0x%x: %s\n",
                    (uint64_t)c->die_offset, dwarf_whatattr(attr), form,
                    dwarf_errmsg(-1));
        c->errors++;
    }
    return DWARF_CB_OK;
}

/* Depth-first walk of DIE and its following siblings, with their children. */
static void walk(Dwarf_Die *die, struct counts *c)
{
    Dwarf_Die cur = *die;
    for (;;) {
        c->dies++;
        c->die_offset = dwarf_dieoffset(&cur);
        if (dwarf_getattrs(&cur, decode_attr, c, 0) != 1) {
            fprintf(stderr, "libdw-walk: DIE 0x%" PRIx64 ": dwarf_getattrs: %s\n",
                    (uint64_t)dwarf_dieoffset(&cur), dwarf_errmsg(-1));
            c->errors++;
        }
        if (dwarf_haschildren(&cur)) {
            Dwarf_Die child;
            c->nulls++;
            int r = dwarf_child(&cur, &child);
            if (r == 0)
                walk(&child, c);
            else if (r < 0) {
                fprintf(stderr, "libdw-walk: DIE 0x%" PRIx64 ": dwarf_child: %s\n",
                        (uint64_t)dwarf_dieoffset(&cur), dwarf_errmsg(-1));
                c->errors++;
            }
        }
        int r = dwarf_siblingof(&cur, &cur);
        if (r != 0) {
            if (r < 0) {
                fprintf(stderr, "libdw-walk: dwarf_siblingof: %s\n", dwarf_errmsg(-1));
                c->errors++;
            }
            return;
        }
    }
}

static const Dwfl_Callbacks offline_callbacks = {
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int verbose = 0;
    int argi = 1;
    if (argi < argc && strcmp(argv[argi], "-v") == 0) {
        verbose = 1;
        argi++;
    }
    if (argi + 1 != argc) {
        fprintf(stderr, "usage: %s [-v] FILE\n", argv[0]);
        return 2;
    }
    const char *path = argv[argi];
    double t0 = now();

    elf_version(EV_CURRENT);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        return 1;
    }
    Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
    GElf_Ehdr ehdr;
    if (elf == NULL || gelf_getehdr(elf, &ehdr) == NULL) {
        fprintf(stderr, "libdw-walk: %s: not an ELF file: %s\n", path, elf_errmsg(-1));
        return 1;
    }

    Dwarf *dw = NULL;
    Dwfl *dwfl = NULL;
    if (ehdr.e_type == ET_REL) {
        /* libdwfl applies the relocations of .rela.debug_* to the sections. */
        elf_end(elf);
        elf = NULL;
        dwfl = dwfl_begin(&offline_callbacks);
        Dwfl_Module *mod = dwfl ? dwfl_report_offline(dwfl, path, path, fd) : NULL;
        if (mod == NULL || dwfl_report_end(dwfl, NULL, NULL) != 0) {
            fprintf(stderr, "libdw-walk: %s: %s\n", path, dwfl_errmsg(-1));
            return 1;
        }
        Dwarf_Addr bias;
        dw = dwfl_module_getdwarf(mod, &bias);
        if (dw == NULL) {
            fprintf(stderr, "libdw-walk: %s: no DWARF: %s\n", path, dwfl_errmsg(-1));
            return 1;
        }
    } else {
        dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
        if (dw == NULL) {
            fprintf(stderr, "libdw-walk: %s: no DWARF: %s\n", path, dwarf_errmsg(-1));
            return 1;
        }
    }

    struct counts c;
    memset(&c, 0, sizeof c);
    Dwarf_CU *cu = NULL;
    Dwarf_Die cudie, subdie;
    uint8_t unit_type;
    int r;
    while ((r = dwarf_get_units(dw, cu, &cu, NULL, &unit_type, &cudie, &subdie)) == 0) {
        c.units++;
        /* cudie is the unit's root DIE (for a type unit too); walking it covers
         * the whole unit. A skeleton unit's split DIEs live in another file. */
        walk(&cudie, &c);
    }
    if (r < 0) {
        fprintf(stderr, "libdw-walk: dwarf_get_units: %s\n", dwarf_errmsg(-1));
        c.errors++;
    }

    printf("units: %" PRIu64 "\n", c.units);
    printf("dies: %" PRIu64 "\n", c.dies);
    printf("null_entries: %" PRIu64 "\n", c.nulls);
    printf("dies_with_nulls: %" PRIu64 "\n", c.dies + c.nulls);
    printf("attributes: %" PRIu64 "\n", c.attributes);
    printf("decode_errors: %" PRIu64 "\n", c.errors);
    if (verbose) {
        for (int i = 0; i < FC_COUNT; i++)
            printf("attributes.%s: %" PRIu64 "\n", class_names[i], c.by_class[i]);
        printf("attributes.unknown_form: %" PRIu64 "\n", c.unknown_forms);
        printf("checksum: %016" PRIx64 "\n", c.checksum);
        printf("seconds: %.3f\n", now() - t0);
    }

    if (dwfl)
        dwfl_end(dwfl);
    else
        dwarf_end(dw);
    if (elf)
        elf_end(elf);
    close(fd);
    return c.errors == 0 && c.unknown_forms == 0 ? 0 : 1;
}
