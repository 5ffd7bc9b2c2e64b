#!/usr/bin/env python3
"""Turn virt-what's test cases into sysroot fixture trees for archlabeld.

Usage:
    convert.py CORPUS OUT

CORPUS is the virt-what corpus folder (the one holding cases/, or cases/
itself).  For every case NAME this writes OUT/cases/NAME/:

  * every data file of the case except sbin/*, copied byte for byte
    (empty files stay empty, symlinks stay symlinks);
  * sys/class/dmi/id/{sys_vendor,product_name,product_version,board_vendor,
    board_name,bios_vendor,bios_version}, built from the DMI dump the fake
    sbin/dmidecode prints (the script is read as text, never executed);
  * sys/firmware/dmi/entries/0-0/raw, a 20-byte stub of the SMBIOS type 0
    (BIOS) structure whose byte 19 carries the "System is a virtual
    machine" flag (0x10) when the dump lists it, when the dump has a BIOS
    section at all;
  * proc/sys/kernel/arch with what the fake sbin/uname prints.

The CPUID hypervisor signature that sbin/virt-what-cpuid-helper prints has
no place in a file tree; it is printed, with the machine, as a TSV summary
on stdout (case, cpuid_signature, uname_m, dmi files written) so that it can
go into EXPECTED.tsv.  Values with leading/trailing spaces, or empty ones,
are shown wrapped in double quotes.

Python 3 standard library only.
"""

import os
import shlex
import shutil
import sys

# DMI dump section -> {dump field: sysfs file name}
DMI_MAP = {
    "System Information": {
        "Manufacturer": "sys_vendor",
        "Product Name": "product_name",
        "Version": "product_version",
    },
    "Base Board Information": {
        "Manufacturer": "board_vendor",
        "Product Name": "board_name",
    },
    "BIOS Information": {
        "Vendor": "bios_vendor",
        "Version": "bios_version",
    },
}

VM_CHARACTERISTIC = "System is a virtual machine"
RAW_LEN = 20          # enough for systemd's check (needs >= 20 bytes)
RAW_STRUCT_LEN = 0x18  # byte 1: formatted length of a type 0 structure
RAW_VM_BYTE = 19       # BIOS characteristics extension byte 2
RAW_VM_BIT = 0x10      # bit 4: "virtual machine"


def warn(msg):
    print("convert.py: warning: " + msg, file=sys.stderr)


def script_stdout(path):
    """Return the text a trivial canned shell script prints on stdout.

    Understands exactly what the stand-ins use: comments, `cat <<'EOF'`
    here-documents, `echo ...` (with or without quotes; lines redirected
    to stderr are skipped) and `exit N` (stops reading).  Anything else is
    reported and ignored.
    """
    with open(path, "r", encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("cat") and "<<" in stripped:
            tag = stripped.split("<<", 1)[1].strip()
            quoted = tag[:1] in ("'", '"')
            tag = tag.strip("'\"-")
            body = []
            while i < len(lines) and lines[i] != tag:
                body.append(lines[i])
                i += 1
            i += 1  # skip the terminator
            text = "".join(b + "\n" for b in body)
            if not quoted and ("$" in text or "`" in text):
                warn("%s: unquoted here-document with expansions, taken literally" % path)
            out.append(text)
            continue
        if stripped == "echo" or stripped.startswith("echo ") or stripped.startswith("echo\t"):
            rest = stripped[4:]
            if ">&2" in rest:
                continue  # goes to stderr, not part of the output
            try:
                words = shlex.split(rest)
            except ValueError:
                warn("%s: cannot parse %r" % (path, line))
                continue
            out.append(" ".join(words) + "\n")
            continue
        if stripped.startswith("exit"):
            break
        warn("%s: ignoring line %r" % (path, line))
    return "".join(out)


def parse_dmi(text):
    """Return ({section title: {field: value}}, bios_is_vm) from a dump.

    Only the first structure of each wanted type counts (the kernel keeps
    the first one too).  bios_is_vm is None when there is no BIOS section.
    """
    sections = {}
    bios_is_vm = None
    current = None        # dict of the section being read, or None
    current_title = None
    after_handle = False
    in_characteristics = False
    for line in text.split("\n"):
        if line.startswith("Handle "):
            after_handle = True
            current = None
            current_title = None
            continue
        if after_handle:
            after_handle = False
            title = line.strip()
            if title in DMI_MAP and title not in sections:
                current = sections[title] = {}
                current_title = title
                if title == "BIOS Information":
                    bios_is_vm = False
            continue
        if current is None:
            continue
        if line.startswith("\t\t"):
            if (current_title == "BIOS Information" and in_characteristics
                    and line.strip() == VM_CHARACTERISTIC):
                bios_is_vm = True
            continue
        if line.startswith("\t"):
            body = line[1:]
            key, sep, value = body.partition(":")
            in_characteristics = (key == "Characteristics")
            if sep and value.startswith(" "):
                value = value[1:]
            if sep and key not in current:
                current[key] = value
            continue
        if not line.strip():
            current = None
            current_title = None
            in_characteristics = False
    return sections, bios_is_vm


def kernel_dmi_string(value):
    # The kernel reports a DMI string made only of spaces as empty.
    if value.strip(" ") == "":
        return ""
    return value


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def copy_tree(src, dst):
    """Copy every entry of src except the top-level sbin/ into dst."""
    for root, dirs, files in os.walk(src, followlinks=False):
        rel = os.path.relpath(root, src)
        if rel == ".":
            dirs[:] = [d for d in dirs if d != "sbin"]
            files = [f for f in files if f != "sbin"]
        dirs.sort()
        outdir = os.path.join(dst, rel) if rel != "." else dst
        os.makedirs(outdir, exist_ok=True)
        # Directory symlinks show up in dirs; keep them as links.
        for d in list(dirs):
            s = os.path.join(root, d)
            if os.path.islink(s):
                os.symlink(os.readlink(s), os.path.join(outdir, d))
                dirs.remove(d)
        for name in sorted(files):
            s = os.path.join(root, name)
            t = os.path.join(outdir, name)
            if os.path.islink(s):
                os.symlink(os.readlink(s), t)
            elif os.path.isfile(s):
                shutil.copyfile(s, t)
                os.chmod(t, 0o644)
            else:
                warn("%s: not a regular file, skipped" % s)


def show(value):
    if value == "" or value != value.strip():
        return '"' + value + '"'
    return value


def convert_case(case_dir, out_dir):
    name = os.path.basename(case_dir)
    copy_tree(case_dir, out_dir)
    sbin = os.path.join(case_dir, "sbin")
    written = []

    dmidecode = os.path.join(sbin, "dmidecode")
    if os.path.isfile(dmidecode):
        sections, bios_is_vm = parse_dmi(script_stdout(dmidecode))
        for title, fields in DMI_MAP.items():
            for key, fname in fields.items():
                if key in sections.get(title, {}):
                    value = kernel_dmi_string(sections[title][key])
                    write_file(os.path.join(out_dir, "sys/class/dmi/id", fname),
                               (value + "\n").encode("utf-8", "surrogateescape"))
                    written.append(fname)
        if bios_is_vm is not None:
            raw = bytearray(RAW_LEN)
            raw[0] = 0x00
            raw[1] = RAW_STRUCT_LEN
            raw[RAW_VM_BYTE] = RAW_VM_BIT if bios_is_vm else 0x00
            write_file(os.path.join(out_dir, "sys/firmware/dmi/entries/0-0/raw"), bytes(raw))
            written.append("raw(vm)" if bios_is_vm else "raw")

    machine = ""
    uname = os.path.join(sbin, "uname")
    if os.path.isfile(uname):
        lines = [l for l in script_stdout(uname).split("\n") if l.strip()]
        if lines:
            machine = lines[0].strip()
            write_file(os.path.join(out_dir, "proc/sys/kernel/arch"),
                       (machine + "\n").encode())

    signature = ""
    helper = os.path.join(sbin, "virt-what-cpuid-helper")
    if os.path.isfile(helper):
        signature = script_stdout(helper).rstrip("\n")

    return [name, show(signature), machine, ",".join(written) or "-"]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    corpus, out = argv[1], argv[2]
    cases = os.path.join(corpus, "cases")
    if not os.path.isdir(cases):
        cases = corpus
    dest = os.path.join(out, "cases")
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    print("case\tcpuid_signature\tuname_m\tdmi_written")
    for name in sorted(os.listdir(cases)):
        src = os.path.join(cases, name)
        if not os.path.isdir(src):
            continue
        row = convert_case(src, os.path.join(dest, name))
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
