"""The report's style sheet, inline in the page (nothing is fetched)."""

STYLE = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans","Noto Sans",system-ui,-apple-system,"Segoe UI",Arial,sans-serif;
 margin:0;color:#1d1d1d;background:#fff;font-size:15px;line-height:1.45}
main{max-width:1040px;margin:0 auto;padding:1.5rem 1.5rem 3rem}
header.top{display:flex;justify-content:space-between;gap:1rem;align-items:flex-start}
h1{font-size:1.55rem;margin:.2rem 0}
h2{font-size:1.3rem;margin:2.4rem 0 .6rem;border-bottom:2px solid #e4e4e4;padding-bottom:.2rem}
h3{font-size:1.02rem;margin:1.6rem 0 .2rem}figcaption h3{margin-top:.2rem}
.subtitle{font-size:1.15rem;color:#444;margin:0 0 .6rem}
.lang{white-space:nowrap;border:1px solid #888;border-radius:4px;padding:.2rem .6rem;
 text-decoration:none;color:#1d1d1d}
.meta{color:#555;font-size:.85rem}.meta code{font-size:.8rem;word-break:break-all}
.note{color:#444;font-size:.9rem;margin:.2rem 0 .6rem;max-width:62rem}
nav ol{columns:2;margin:.3rem 0;padding-left:1.3rem;font-size:.92rem}
.keys{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.keys div{flex:1 1 9rem;border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem}
.keys b{display:block;font-size:1.6rem}
figure.chart{margin:1rem 0 1.5rem}figure.chart svg{max-width:100%;height:auto;display:block}
ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;padding:0;
 margin:.4rem 0 .3rem;font-size:.88rem}
ul.legend li{display:flex;align-items:center;gap:.35rem}
.swatch{display:inline-block;width:.95rem;height:.95rem;border-radius:2px;flex:none;
 vertical-align:-.12rem;margin-right:.35rem}
ul.legend .swatch{margin-right:0}
.swatch.dashed{height:0;border-top:2px dashed #555;border-radius:0}
svg text{font-family:inherit;font-size:13px;fill:#222}
svg .tick{fill:#555;font-size:12px}svg .axis-label{fill:#444;font-size:12.5px}
svg .total{font-weight:bold}svg .in-bar{font-size:12px}
svg .grid{stroke:#e6e6e6}svg .axis{stroke:#777}
.small-multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:1rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #e2e2e2;padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:#f3f3f3;font-weight:600;vertical-align:bottom}
tbody th{font-weight:normal}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
table.scorecard tr.strong th,table.scorecard tr.strong td{font-weight:bold}
table.scorecard tr.share td,table.scorecard tr.share th{background:#fafafa}
table.scorecard td.total{font-weight:bold;border-left:2px solid #ccc}
table.scorecard tbody th{white-space:nowrap}
table.kinds,table.matrix{width:auto}
.matrix td.num{min-width:4.5rem}
tr.group th{background:#eef3f8;font-weight:600;padding-top:.5rem}
tr:target{background:#fffbe6}
.trace{border-left:3px solid #ddd;padding:.2rem .8rem;margin:.9rem 0}
.trace blockquote{margin:.3rem 0;font-size:.9rem;white-space:pre-wrap;word-break:break-word;
 tab-size:4}
.trace ul{margin:.2rem 0;padding-left:1.1rem}
mark{background:#ffe066;padding:0 .1rem;font-weight:600}
mark:target{outline:3px solid #e08214;background:#ffc94d}
.warning{color:#8a5a00}.error{color:#b00020}
footer{margin-top:3rem;color:#666;font-size:.85rem}
@media print{.lang{display:none}.trace{break-inside:avoid}}
"""
