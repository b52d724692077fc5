#!/usr/bin/env bash
# Extracts README.md's ```java and ```kotlin blocks into sources the consumer check compiles, so the README's code
# cannot rot: a block that declares a class becomes its own file; any other Java block becomes the body of one
# method of ReadmeSnippets.java (compiled, not run); a Kotlin block becomes ReadmeN.kt. A block right after the line
# "<!-- consumer-check: skip (why) -->" is left out. Usage: extract-readme.sh README.md OUT_DIR
set -euo pipefail
readme="$1"; out="$2"
rm -rf "$out" && mkdir -p "$out/java/readme" "$out/kotlin/readme"
awk -v out="$out" '
  /^<!-- consumer-check: skip/ { skip = 1; next }
  /^```(java|kotlin)$/ && !inside {
    inside = 1; lang = substr($0, 4); n++; body = ""; next
  }
  /^```$/ && inside {
    inside = 0
    if (skip) { skip = 0; next }
    if (lang == "kotlin") {
      f = out "/kotlin/readme/Readme" n ".kt"
      printf "%s", body > f; close(f)
    } else if (body ~ /(^|\n)(public )?(final )?class [A-Za-z0-9_]+/) {
      match(body, /class [A-Za-z0-9_]+/); cls = substr(body, RSTART + 6, RLENGTH - 6)
      f = out "/java/readme/" cls ".java"
      printf "%s", body > f; close(f)
    } else {
      snippets = snippets "  /** README block " n ". */\n  static void block" n "() throws Exception {\n" body "  }\n\n"
    }
    next
  }
  inside { body = body $0 "\n"; next }
  { if ($0 !~ /^[[:space:]]*$/) skip = 0 }
  END {
    f = out "/java/readme/ReadmeSnippets.java"
    print "package readme;" > f
    print "" > f
    print "import io.pulse.*;" > f
    print "import io.pulse.codec.*;" > f
    print "import io.pulse.http.*;" > f
    print "import io.pulse.router.*;" > f
    print "import io.pulse.websocket.*;" > f
    print "import java.nio.ByteBuffer;" > f
    print "import java.nio.file.Path;" > f
    print "import java.time.Duration;" > f
    print "import java.util.concurrent.CompletableFuture;" > f
    print "import javax.net.ssl.SSLContext;" > f
    print "import javax.net.ssl.SSLParameters;" > f
    print "" > f
    print "/** The README'"'"'s Java fragments, each the body of a method: compiled against the installed jars. */" > f
    print "@SuppressWarnings(\"unused\")" > f
    print "final class ReadmeSnippets {" > f
    print "  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReadmeSnippets.class);" > f
    print "  private static SSLContext sslContext;" > f
    print "" > f
    printf "%s", snippets > f
    print "}" > f
    close(f)
  }
' "$readme"
# Every block goes into package readme; the programs among them (a main) are listed in mains.txt for the runner.
: > "$out/mains.txt"
for f in "$out"/java/readme/*.java; do
  grep -q '^package ' "$f" || sed -i '1i package readme;\n' "$f"
  grep -q 'static void main(' "$f" && echo "readme.$(basename "$f" .java)" >> "$out/mains.txt"
done
for f in "$out"/kotlin/readme/*.kt; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .kt)
  sed -i "1i @file:JvmName(\"${name}Kt\")\npackage readme\n" "$f"
  grep -q '^fun main(' "$f" && echo "readme.${name}Kt" >> "$out/mains.txt"
done
echo "README blocks extracted to $out; programs: $(tr '\n' ' ' < "$out/mains.txt")"
