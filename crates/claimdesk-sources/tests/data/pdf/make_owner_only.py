"""Writes owner-only.pdf: one page of text, encrypted with the standard security handler (revision 2, 40-bit RC4)
with an owner password and an EMPTY user password, copying not permitted. Readers open it without a password;
Claimdesk must read it and say it is owner-password-only. Deterministic (fixed ID). Usage: python3 make_owner_only.py"""
import hashlib, pathlib

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")

def rc4(key, data):
    s = list(range(256)); j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256; s[i], s[j] = s[j], s[i]
    i = j = 0; out = bytearray()
    for b in data:
        i = (i + 1) % 256; j = (j + s[i]) % 256; s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)

owner, user, P, ID = b"owner-secret", b"", -20, bytes(range(16))
O = rc4(hashlib.md5((owner + PAD)[:32]).digest()[:5], (user + PAD)[:32])
key = hashlib.md5((user + PAD)[:32] + O + P.to_bytes(4, "little", signed=True) + ID).digest()[:5]
U = rc4(key, PAD)
obj_key = lambda n: hashlib.md5(key + n.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
content = b"BT /F1 12 Tf 72 700 Td (Owner locked text: 42 percent of permits were approved.) Tj ET\n"
enc = rc4(obj_key(4), content)
hexs = lambda b: "<" + b.hex() + ">"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(enc) + enc + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ("<< /Filter /Standard /V 1 /R 2 /O %s /U %s /P %d >>" % (hexs(O), hexs(U), P)).encode(),
]
out = bytearray(b"%PDF-1.4\n"); offs = []
for i, o in enumerate(objs):
    offs.append(len(out)); out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs: out += b"%010d 00000 n \n" % o
out += ("trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objs) + 1, hexs(ID), hexs(ID), x)).encode()
pathlib.Path(__file__).with_name("owner-only.pdf").write_bytes(bytes(out))
