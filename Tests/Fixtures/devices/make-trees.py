#!/usr/bin/env python3
"""(Re)create trees/<case>/ (a sysfs root for `archlabeld --root`) from every specs/<case>.tsv.

Each spec line is one USB device or PCI function:

    kind  sysfs_path  id  class  interfaces  serial  manufacturer  product  driver  subsystem

`-` means "not captured / does not apply": the attribute file is not written. See README.md.

USB device  <sysfs_path>/{idVendor,idProduct,bDeviceClass,serial,manufacturer,product}
            <sysfs_path>/<name>:1.N/bInterfaceClass for each interface N (0-based); a root hub
            usbB names its interface B-0:1.0, as the kernel does ("hub 1-0:1.0: USB hub found")
            sys/bus/usb/devices/<name> and .../<name>:1.N -> ../../../devices/...
PCI function <sysfs_path>/{vendor,device,class,subsystem_vendor,subsystem_device}
            sys/bus/pci/devices/<address> -> ../../../devices/...
            <sysfs_path>/driver -> ../(as many as needed)/bus/pci/drivers/<driver>
            sys/bus/pci/drivers/<driver>/<address> -> ../../../../devices/... (the kernel's back link;
            it also keeps the driver directory non-empty, so git stores it)

Every file holds its value and a newline. Standard library only; run from anywhere:
    python3 make-trees.py
"""
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPECS = os.path.join(HERE, "specs")
TREES = os.path.join(HERE, "trees")
COLUMNS = ["kind", "sysfs_path", "id", "class", "interfaces", "serial", "manufacturer", "product", "driver", "subsystem"]

ID = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{4}$")
HEX2 = re.compile(r"^[0-9a-f]{2}$")
HEX6 = re.compile(r"^[0-9a-f]{6}$")
USB_NAME = re.compile(r"^(usb([1-9][0-9]*)|([1-9][0-9]*)-[1-9][0-9]*(\.[1-9][0-9]*)*)$")
PCI_NAME = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$")


class SpecError(Exception):
    pass


def read_spec(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != COLUMNS:
        raise SpecError(f"{path}: header must be: {' '.join(COLUMNS)}")
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise SpecError(f"{path}:{number}: {len(fields)} fields, want {len(COLUMNS)}")
        row = dict(zip(COLUMNS, fields))
        row["where"] = f"{os.path.basename(path)}:{number}"
        rows.append(row)
    return rows


def check(row):
    where, path = row["where"], row["sysfs_path"]
    if not path.startswith("/sys/devices/") or path.endswith("/") or "//" in path or "/../" in path:
        raise SpecError(f"{where}: sysfs_path must be a canonical /sys/devices/... directory")
    if not ID.match(row["id"]):
        raise SpecError(f"{where}: id {row['id']!r} is not vvvv:pppp lower-case hex")
    name = path.rsplit("/", 1)[1]
    if row["kind"] == "usb":
        match = USB_NAME.match(name)
        if not match:
            raise SpecError(f"{where}: {name!r} is not a USB device name (usbN or B-P.P...)")
        if row["class"] != "-" and not HEX2.match(row["class"]):
            raise SpecError(f"{where}: USB class {row['class']!r} is not 2 hex digits")
        if row["interfaces"] != "-" and not all(HEX2.match(c) for c in row["interfaces"].split(",")):
            raise SpecError(f"{where}: interfaces {row['interfaces']!r} are not 2-hex-digit classes")
        if match.group(3):  # B-P...: the parent directory is usbB or B-P... without the last port
            parent = path.rsplit("/", 2)[1]
            want = f"usb{match.group(3)}" if "." not in name else name.rsplit(".", 1)[0]
            if parent != want:
                raise SpecError(f"{where}: {name} must sit inside {want}/, not {parent}/")
        for column in ("driver", "subsystem"):
            if row[column] != "-":
                raise SpecError(f"{where}: {column} does not apply to USB devices")
    elif row["kind"] == "pci":
        if not PCI_NAME.match(name):
            raise SpecError(f"{where}: {name!r} is not a PCI address dddd:bb:dd.f")
        if not HEX6.match(row["class"]):
            raise SpecError(f"{where}: PCI class {row['class']!r} is not 6 hex digits")
        if row["subsystem"] != "-" and not ID.match(row["subsystem"]):
            raise SpecError(f"{where}: subsystem {row['subsystem']!r} is not vvvv:pppp")
        if row["driver"] != "-" and not re.match(r"^[A-Za-z0-9_.-]+$", row["driver"]):
            raise SpecError(f"{where}: driver {row['driver']!r} is not a driver name")
        for column in ("interfaces", "serial", "manufacturer", "product"):
            if row[column] != "-":
                raise SpecError(f"{where}: {column} does not apply to PCI functions")
    else:
        raise SpecError(f"{where}: kind must be usb or pci, not {row['kind']!r}")
    return name


def write(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(value + "\n")


def link(at, target):
    """A relative symlink `at` -> `target` (both absolute host paths inside the tree)."""
    os.makedirs(os.path.dirname(at), exist_ok=True)
    if os.path.lexists(at):
        raise SpecError(f"{at} exists twice")
    os.symlink(os.path.relpath(target, os.path.dirname(at)), at)


def build(case, rows):
    root = os.path.join(TREES, case)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    names = set()
    for row in rows:
        name = check(row)
        if (row["kind"], name) in names:
            raise SpecError(f"{row['where']}: {name} appears twice")
        names.add((row["kind"], name))
        device = os.path.join(root, row["sysfs_path"].lstrip("/"))
        os.makedirs(device, exist_ok=True)
        vendor, product = row["id"].split(":")
        if row["kind"] == "usb":
            bus = os.path.join(root, "sys/bus/usb/devices")
            write(os.path.join(device, "idVendor"), vendor)
            write(os.path.join(device, "idProduct"), product)
            if row["class"] != "-":
                write(os.path.join(device, "bDeviceClass"), row["class"])
            for attribute in ("serial", "manufacturer", "product"):
                if row[attribute] != "-":
                    write(os.path.join(device, attribute), row[attribute])
            link(os.path.join(bus, name), device)
            if row["interfaces"] != "-":
                stem = name[3:] + "-0" if name.startswith("usb") else name
                for number, klass in enumerate(row["interfaces"].split(",")):
                    interface = f"{stem}:1.{number}"
                    write(os.path.join(device, interface, "bInterfaceClass"), klass)
                    link(os.path.join(bus, interface), os.path.join(device, interface))
        else:
            write(os.path.join(device, "vendor"), "0x" + vendor)
            write(os.path.join(device, "device"), "0x" + product)
            write(os.path.join(device, "class"), "0x" + row["class"])
            if row["subsystem"] != "-":
                sub_vendor, sub_device = row["subsystem"].split(":")
                write(os.path.join(device, "subsystem_vendor"), "0x" + sub_vendor)
                write(os.path.join(device, "subsystem_device"), "0x" + sub_device)
            link(os.path.join(root, "sys/bus/pci/devices", name), device)
            if row["driver"] != "-":
                driver = os.path.join(root, "sys/bus/pci/drivers", row["driver"])
                link(os.path.join(device, "driver"), driver)
                link(os.path.join(driver, name), device)
    return len(rows)


def main():
    specs = sorted(f for f in os.listdir(SPECS) if f.endswith(".tsv"))
    if not specs:
        sys.exit(f"no specs in {SPECS}")
    try:
        for spec in specs:
            case = spec[:-4]
            count = build(case, read_spec(os.path.join(SPECS, spec)))
            print(f"trees/{case}: {count} devices")
    except SpecError as error:
        sys.exit(f"make-trees: {error}")
    # Trees whose spec is gone are stale: remove them too.
    for case in sorted(os.listdir(TREES)):
        if case + ".tsv" not in specs:
            shutil.rmtree(os.path.join(TREES, case))
            print(f"trees/{case}: removed (no spec)")


if __name__ == "__main__":
    main()
