from coffeechat.cli import main

main()
