add rax, [rbx*3]
