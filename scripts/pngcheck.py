"""A small PNG reader for the browser checks (scripts/check-report.py, scripts/check-profiles.py):
whether a screenshot is blank, i.e. every pixel has the same colour. Python standard library only.

Chromium writes 8-bit RGB or RGBA PNGs; anything else is refused (ValueError) rather than guessed.
Rows are decompressed and unfiltered one by one, and the reading stops at the first row that differs from the first
pixel, so a page with content near its top costs a few rows. Rows that the encoder wrote as "same as
the row above" (filter Up with zero deltas) or "same as the pixel to the left" (filter Sub with zero
deltas after the first pixel) are recognised without the per-byte loop.
"""
import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_blank(data, name="PNG"):
    """True when every pixel of an 8-bit RGB(A) PNG (bytes) has the same colour."""
    if data[:8] != SIGNATURE:
        raise ValueError(f"{name} is not a PNG")
    position, idat, width, height, colour = 8, [], 0, 0, 0
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk[:13])
            if depth != 8 or colour not in (2, 6) or interlace != 0:
                raise ValueError(f"{name}: unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
        position += 12 + length
    if width == 0 or height == 0:
        raise ValueError(f"{name}: no image header or an empty image")
    channels = 3 if colour == 2 else 4
    stride = width * channels
    rows = _rows(b"".join(idat), stride + 1, height, name)
    zeros = bytes(stride)
    previous = bytearray(stride)
    first = None
    expected = None
    for row in range(height):
        current = next(rows)
        kind = current[0]
        line = current[1:]
        if kind == 0:
            line = bytearray(line)
        elif kind == 2 and line == zeros:
            line = bytearray(previous)
        elif kind == 1 and line[channels:] == zeros[channels:]:
            line = bytearray(line[:channels] * width)
        else:
            line = bytearray(line)
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                up = previous[i]
                corner = previous[i - channels] if i >= channels else 0
                if kind == 1:
                    line[i] = (line[i] + left) & 0xFF
                elif kind == 2:
                    line[i] = (line[i] + up) & 0xFF
                elif kind == 3:
                    line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
                elif kind != 0:
                    raise ValueError(f"{name}: unknown PNG filter {kind} in row {row}")
        if first is None:
            first = bytes(line[:channels])
            expected = first * width
        if line != expected:
            return False
        previous = line
    return True


def _rows(compressed, size, height, name):
    """The image's rows (filter byte and data), decompressed as they are asked for."""
    inflater = zlib.decompressobj()
    pending = compressed
    buffer, start = b"", 0
    for _ in range(height):
        while len(buffer) - start < size:
            if not pending and inflater.eof:
                raise ValueError(f"{name}: truncated image data")
            chunk = inflater.decompress(pending, 1 << 16)
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                chunk = inflater.flush()
                if not chunk:
                    raise ValueError(f"{name}: truncated image data")
            buffer, start = buffer[start:] + chunk, 0
        yield buffer[start:start + size]
        start += size


def is_blank_file(path):
    """``is_blank`` of a PNG file."""
    with open(path, "rb") as handle:
        return is_blank(handle.read(), path)
