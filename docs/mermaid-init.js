// Draws the book's ```mermaid blocks (the booking lifecycle's state diagram) with Mermaid, when
// the build put mermaid.tiny.js beside the pages: the test command does (.ci/test-all.sh fetches
// it from npm's @mermaid-js/tiny; nothing is loaded from a CDN). Without it a block stays
// readable Mermaid text, and the chapter's table says the same.
(() => {
    const blocks = document.querySelectorAll('code.language-mermaid');
    if (blocks.length === 0) {
        return;
    }
    const script = document.createElement('script');
    // path_to_root is mdBook's: the relative path from this page to the book's root.
    script.src = `${path_to_root}mermaid.tiny.js`;
    script.onload = () => {
        const classes = document.documentElement.classList;
        const dark = ['coal', 'navy', 'ayu'].some((theme) => classes.contains(theme));
        for (const code of blocks) {
            const diagram = document.createElement('pre');
            diagram.className = 'mermaid';
            diagram.textContent = code.textContent;
            code.parentElement.replaceWith(diagram);
        }
        mermaid.initialize({ startOnLoad: false, theme: dark ? 'dark' : 'default' });
        mermaid.run({ querySelector: 'pre.mermaid' });
    };
    document.head.appendChild(script);
})();
